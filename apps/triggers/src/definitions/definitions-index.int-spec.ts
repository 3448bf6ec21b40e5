import { createMessage, DEFINITION_CHANGED_MESSAGE_TYPE, prefixedTopic, Topics } from '@flowline/contracts';
import { type ReceivedMessage, TestKafka, waitFor } from '@flowline/testing';
import {
  httpClient,
  type RunningTriggersService,
  type RunningWorkflowsService,
  startTriggersService,
  startWorkflowsService,
  userToken,
} from '../__tests__/services';
import { deployWorkflow, eventWorkflow, snapshotOf } from '../__tests__/workflow-fixtures';

const ORG = 'org_index';
const INPUTS = { service: 'svc-a', version: '1.0.0', environment: 'staging' };

describe('the trigger index and its read-through', () => {
  let workflows: RunningWorkflowsService;
  let kafka: TestKafka;
  const started: RunningTriggersService[] = [];
  const admin = () => httpClient(workflows.running.baseUrl, userToken(ORG));
  const start = async (label: string, topicPrefix: string, env: Record<string, string> = {}) => {
    const triggers = await startTriggersService({
      label,
      topicPrefix,
      workflowsUrl: workflows.running.baseUrl,
      env,
    });
    started.push(triggers);
    return triggers;
  };

  beforeAll(async () => {
    workflows = await startWorkflowsService('trg-index');
    kafka = new TestKafka(workflows.ns.kafkaBrokers);
    const definitionsTopic = prefixedTopic(Topics.definitionChanged, workflows.ns.topicPrefix);
    const definitions = await kafka.collect(definitionsTopic);
    expect((await admin().post('/v1/workflows', deployWorkflow('deploy'))).status).toBe(201);
    expect((await admin().post('/v1/workflows', eventWorkflow('on-change'))).status).toBe(201);
    expect((await admin().post('/v1/workflows', deployWorkflow('short-lived'))).status).toBe(201);
    expect((await admin().delete('/v1/workflows/short-lived')).status).toBe(200);
    // Records the workflows service would never write: they must be skipped, not break the index.
    const noBlueprint = snapshotOf(eventWorkflow('bad-trigger'), ORG);
    (noBlueprint.nodes[0]['config'] as { event: Record<string, unknown> }).event = { type: 'ENTITY_UPDATED' };
    await kafka.send(definitionsTopic, 'not json', `${ORG}/broken`);
    await kafka.send(
      definitionsTopic,
      createMessage(DEFINITION_CHANGED_MESSAGE_TYPE, ORG, { workflow: noBlueprint }),
      `${ORG}/bad-trigger`,
    );
    await waitFor(() => definitions.length >= 6 && definitions, { description: 'six definition records' });
  });

  afterAll(async () => {
    for (const triggers of started) await triggers.close();
    await kafka?.close();
    await workflows?.close();
  });

  describe('a replica started after the definitions were published', () => {
    let triggers: RunningTriggersService;
    beforeAll(async () => {
      triggers = await start('trg-index-boot', workflows.ns.topicPrefix);
    });

    it('has read the whole topic before it serves: no waiting needed once it is up', () => {
      expect(triggers.index.get(ORG, 'deploy')?.version).toBe(1);
      expect(triggers.index.get(ORG, 'on-change')?.eventTriggers).toHaveLength(1);
      expect(triggers.index.get(ORG, 'short-lived')).toBeUndefined();
      expect(triggers.index.stats()).toMatchObject({ workflows: 2, eventTriggers: 1 });
      expect(triggers.logs).toContainEqual(
        expect.objectContaining({
          level: 'log',
          message: expect.stringMatching(/trigger index loaded in \d+ ms: 2 workflows/),
        }),
      );
    });

    it('skipped the unreadable records with a log line each', () => {
      const skipped = triggers.logs.filter(
        (line) => line.level === 'error' && /skipped/.test(line.message ?? ''),
      );
      // Records of different keys sit on different partitions: their order is not fixed.
      expect(skipped).toHaveLength(2);
      expect(skipped.map((line) => line.message)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(new RegExp(`key "${ORG}/broken".*not JSON`)),
          expect.stringMatching(new RegExp(`key "${ORG}/bad-trigger".*blueprintIdentifier`)),
        ]),
      );
      expect(triggers.index.get(ORG, 'bad-trigger')).toBeUndefined();
    });
  });

  describe('a replica whose index has not seen a workflow', () => {
    let triggers: RunningTriggersService;
    let requested: ReceivedMessage[];
    beforeAll(async () => {
      // Its own topic prefix: no definition ever reaches its index, only the read-through can find them.
      triggers = await start('trg-index-empty', `${workflows.ns.topicPrefix}isolated.`);
      requested = await kafka.collect(
        prefixedTopic(Topics.runRequested, `${workflows.ns.topicPrefix}isolated.`),
      );
    });

    it('reads the definition through from the workflows service, without putting it in the index', async () => {
      expect(triggers.index.stats().workflows).toBe(0);
      const response = await httpClient(triggers.running.baseUrl, userToken(ORG, ['member'])).post(
        '/v1/workflows/deploy/runs',
        { inputs: INPUTS },
      );
      expect(response.status).toBe(201);
      expect(response.data.workflowRun.workflow).toEqual({ identifier: 'deploy', version: 1 });
      const message = await waitFor(() =>
        requested.find((m) => (m.json as { runId: string }).runId === response.data.workflowRun.identifier),
      );
      expect(message.json).toMatchObject({
        workflow: { identifier: 'deploy', version: 1, orgId: ORG },
        trigger: { output: { ...INPUTS, replicas: 1, notify: true } },
      });
      expect(triggers.index.stats().workflows).toBe(0);
    });

    it('answers 404 for a deleted or unknown workflow (the workflows service says so)', async () => {
      const api = httpClient(triggers.running.baseUrl, userToken(ORG));
      expect((await api.post('/v1/workflows/short-lived/runs', { inputs: INPUTS })).status).toBe(404);
      expect((await api.post('/v1/workflows/never-existed/runs', { inputs: INPUTS })).status).toBe(404);
    });
  });

  it('answers 503 when the workflows service cannot be reached for a workflow it has not indexed', async () => {
    const triggers = await startTriggersService({
      label: 'trg-index-down',
      topicPrefix: `${workflows.ns.topicPrefix}down.`,
      workflowsUrl: 'http://127.0.0.1:9',
    });
    started.push(triggers);
    const response = await httpClient(triggers.running.baseUrl, userToken(ORG)).post(
      '/v1/workflows/deploy/runs',
      {
        inputs: INPUTS,
      },
    );
    expect(response.status).toBe(503);
    expect(response.data).toMatchObject({ ok: false, error: 'service_unavailable' });
  });
});
