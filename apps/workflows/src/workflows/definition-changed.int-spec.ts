import { DefinitionChangedMessage, prefixedTopic, Topics, validateMessage } from '@flowline/contracts';
import { type ReceivedMessage, TestKafka, waitFor } from '@flowline/testing';
import {
  sampleWorkflow,
  startWorkflowsHarness,
  userToken,
  type WorkflowsHarness,
} from '../__tests__/workflows-harness';

const ORG = 'org_wf_events';

describe('definition-changed messages on real Kafka', () => {
  let harness: WorkflowsHarness;
  let kafka: TestKafka;
  let seen: ReceivedMessage[];
  const api = () => harness.http(userToken(ORG));
  const messagesFor = (id: string) => seen.filter((m) => m.key === `${ORG}/${id}`);

  beforeAll(async () => {
    harness = await startWorkflowsHarness('workflows-events');
    kafka = new TestKafka(harness.ns.kafkaBrokers);
    seen = await kafka.collect(prefixedTopic(Topics.definitionChanged, harness.ns.topicPrefix));
  });

  afterAll(async () => {
    await kafka?.close();
    await harness?.close();
  });

  it('publishes the latest canonical version on every change and a tombstone on delete, keyed org/id', async () => {
    await api().post('/v1/workflows', sampleWorkflow('announced', { title: 'one' }));
    await api().put('/v1/workflows/announced', sampleWorkflow('announced', { title: 'two' }));
    await api().put('/v1/workflows/announced', sampleWorkflow('announced', { title: 'three' }));
    await api().delete('/v1/workflows/announced');

    const messages = await waitFor(() => messagesFor('announced').length >= 4 && messagesFor('announced'), {
      description: 'four definition-changed messages',
    });
    expect(messages).toHaveLength(4);
    const [created, second, third, tombstone] = messages;
    for (const [message, version, title] of [
      [created, 1, 'one'],
      [second, 2, 'two'],
      [third, 3, 'three'],
    ] as const) {
      const validated = validateMessage(DefinitionChangedMessage, message.json);
      expect(validated.ok).toBe(true);
      expect(message.headers['x-flowline-message-type']).toBe('WORKFLOW_DEFINITION_CHANGED');
      expect(message.json).toMatchObject({
        type: 'WORKFLOW_DEFINITION_CHANGED',
        orgId: ORG,
        workflow: { identifier: 'announced', orgId: ORG, version, title, createdBy: `user@${ORG}` },
      });
      // Canonical form: aliases resolved, connection identifiers generated.
      const workflow = (
        message.json as { workflow: { nodes: Array<{ config: object }>; connections: object[] } }
      ).workflow;
      expect(workflow.nodes[1].config).toHaveProperty('options');
      expect(workflow.connections[0]).toHaveProperty('identifier', 'connection-1');
    }
    expect(tombstone.value).toBeNull();
    expect(new Set(messages.map((m) => m.partition)).size).toBe(1);
    // Published rows are deleted after the publish: with the service's next transaction, or within 100 ms.
    await waitFor(async () => (await harness.sql('select seq from outbox')).length === 0, {
      description: 'the published rows to leave the outbox',
    });
  });

  it('publishes nothing for a refused change', async () => {
    await api().post('/v1/workflows', sampleWorkflow('quiet'));
    await api().post('/v1/workflows', sampleWorkflow('quiet'));
    await api().put('/v1/workflows/quiet', sampleWorkflow('quiet', { nodes: [] }));
    await api().put('/v1/workflows/quiet', sampleWorkflow('quiet', { title: 'real change' }));
    const messages = await waitFor(() => messagesFor('quiet').length >= 2 && messagesFor('quiet'));
    expect(messages.map((m) => (m.json as { workflow: { version: number } }).workflow.version)).toEqual([
      1, 2,
    ]);
  });

  it('gives concurrent saves consecutive versions, announced in order', async () => {
    await api().post('/v1/workflows', sampleWorkflow('busy'));
    const titles = ['a', 'b', 'c', 'd', 'e'];
    const saves = await Promise.all(
      titles.map((title) => api().put('/v1/workflows/busy', sampleWorkflow('busy', { title }))),
    );
    expect(saves.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);
    expect(saves.map((s) => s.data.workflow.version).sort()).toEqual([2, 3, 4, 5, 6]);
    const messages = await waitFor(() => messagesFor('busy').length >= 6 && messagesFor('busy'));
    expect(messages.map((m) => (m.json as { workflow: { version: number } }).workflow.version)).toEqual([
      1, 2, 3, 4, 5, 6,
    ]);
  });

  it('creates a workflow once when the same identifier is posted concurrently', async () => {
    const posts = await Promise.all(
      [1, 2, 3, 4].map(() => api().post('/v1/workflows', sampleWorkflow('raced'))),
    );
    expect(posts.map((p) => p.status).sort()).toEqual([201, 409, 409, 409]);
    const versions = await api().get('/v1/workflows/raced/versions');
    expect(versions.data.versions).toHaveLength(1);
  });
});
