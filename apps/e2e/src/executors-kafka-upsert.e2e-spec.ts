import { type AxiosInstance } from 'axios';
import { TestKafka, waitFor } from '@flowline/testing';
import { gatewayApi } from './harness/gateway-api';
import { runsOf, waitForRun } from './harness/runs';
import { waitForLogLine } from './harness/service-logs';
import { RunningSystem } from './harness/system';
import {
  createWorkflow as createWorkflowVia,
  type Json,
  nodeRunOf,
  selfServe,
  startRun as startRunVia,
  twoNodes,
} from './harness/workflow-api';

const ORG = 'org_e2e_executors';
/** Low, so the self-retriggering workflow stops quickly. */
const MAX_CHAIN_DEPTH = 3;

/**
 * The KAFKA and UPSERT_ENTITY executors end to end, and the event triggers an upsert sets off, up to the
 * chain-depth limit. Every service is a separate process behind the gateway.
 */
describe('the kafka and upsert-entity executors through the whole system', () => {
  let system: RunningSystem;
  let api: AxiosInstance;
  let kafka: TestKafka;
  const createWorkflow = (definition: Json) => createWorkflowVia(api, definition);
  const startRun = (workflow: string, inputs: Json) => startRunVia(api, workflow, inputs);

  beforeAll(async () => {
    system = await RunningSystem.start({
      services: [
        'workflows',
        'catalog',
        'triggers',
        'orchestrator',
        'executor-kafka',
        'executor-upsert-entity',
      ],
      env: { triggers: { MAX_CHAIN_DEPTH: String(MAX_CHAIN_DEPTH) } },
    });
    const client = await system.createClient(ORG);
    api = gatewayApi(system.gatewayUrl, client.accessToken);
    kafka = new TestKafka((process.env['KAFKA_BROKERS'] ?? '').split(','));

    for (const blueprint of BLUEPRINTS) {
      const created = await api.post('/v1/blueprints', blueprint);
      expect([created.status, created.data]).toEqual([201, expect.objectContaining({ ok: true })]);
    }
    // Event-triggered workflows first, long before the entity changes that fire them: the triggers
    // service learns of a workflow from the definitions topic.
    for (const workflow of [onReleaseCreated(), bumpCounter()]) await createWorkflow(workflow);
  }, 180_000);

  afterAll(async () => {
    await kafka?.close();
    await system?.stop();
  });

  it('publishes a KAFKA node’s payload to <prefix><orgId>.runs, in its envelope, keyed and with headers', async () => {
    const workflow = await createWorkflow(announceDeployment());
    const runId = await startRun(workflow, { service: 'checkout' });
    const run = await waitForRun(api, runId);
    expect(run.result).toBe('SUCCESS');

    const nodeRun = nodeRunOf(run, 'publish');
    const key = `${nodeRun.identifier}:1`;
    const topic = `${system.topicPrefix}${ORG}.runs`;
    expect(nodeRun).toMatchObject({ status: 'COMPLETED', result: 'SUCCESS' });
    expect(nodeRun.output).toEqual({ topic, key, messageId: expect.stringMatching(/^msg_[A-Za-z0-9]{16}$/) });

    // A consumer of the org's topic, from its beginning: the message is there with its envelope.
    const received = await kafka.collect(topic);
    const message = await waitFor(() => received.find((candidate) => candidate.key === key), {
      timeoutMs: 30_000,
      description: `the message keyed ${key} on ${topic}`,
    });
    const pinned = (await api.get(`/v1/workflows/runs/${runId}`)).data.workflowRun.workflow as {
      version: number;
    };
    expect(message.json).toEqual({
      id: nodeRun.output['messageId'],
      type: 'WORKFLOW_NODE_RUN',
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      orgId: ORG,
      workflow: { identifier: workflow, version: pinned.version },
      workflowRun: { identifier: runId },
      workflowNodeRun: { identifier: nodeRun.identifier },
      payload: { eventType: 'deployment.started', service: 'checkout', tags: ['e2e', 'kafka'] },
    });
    expect(message.headers).toMatchObject({
      'idempotency-key': key,
      'x-flowline-run-id': runId,
      'x-flowline-node-run-id': nodeRun.identifier,
      'x-flowline-message-type': 'WORKFLOW_NODE_RUN',
    });
  });

  it('upserts an entity whose change event starts a second, event-triggered workflow; both complete', async () => {
    const workflow = await createWorkflow(registerRelease());
    const runId = await startRun(workflow, { release: 'checkout-2-0', version: '2.0.0' });
    const run = await waitForRun(api, runId);
    expect(run.result).toBe('SUCCESS');
    expect(nodeRunOf(run, 'upsert-release').output).toMatchObject({
      response: {
        status: expect.any(Number),
        data: { identifier: 'checkout-2-0', properties: { version: '2.0.0' } },
      },
    });

    const [triggered] = await waitFor(
      async () => {
        const runs = await runsOf(api, 'on-release-created');
        return runs.length > 0 ? runs : undefined;
      },
      { timeoutMs: 60_000, description: 'a run of on-release-created' },
    );
    const second = await waitForRun(api, triggered.identifier);
    expect(second.result).toBe('SUCCESS');
    // The trigger's output is the entity-change event the upsert executor's write caused.
    expect(second.variables.outputs['trigger']).toMatchObject({
      action: 'CREATE',
      resourceType: 'entity',
      trigger: { by: { userId: 'executor-upsert-entity' } },
      context: { blueprintIdentifier: 'release', entityIdentifier: 'checkout-2-0' },
      diff: { before: null, after: { identifier: 'checkout-2-0', properties: { version: '2.0.0' } } },
    });
    const note = await api.get('/v1/blueprints/release-note/entities/checkout-2-0-note');
    expect([note.status, note.data.entity?.properties]).toEqual([200, { text: 'released 2.0.0' }]);
    expect(await runsOf(api, 'on-release-created')).toHaveLength(1);
  });

  it('stops a workflow that retriggers itself at MAX_CHAIN_DEPTH runs', async () => {
    // Creating is not an update: it starts nothing. The user's update (depth 0) starts run 1, whose
    // upsert writes with depth 1 and starts run 2, ...: an event of depth d starts a run of depth d, and
    // the upsert of a run of depth d writes with depth d + 1. The event of depth MAX_CHAIN_DEPTH, written
    // by run MAX_CHAIN_DEPTH, starts nothing ⇒ MAX_CHAIN_DEPTH runs, and the counter ends at
    // 1 (the user's) + MAX_CHAIN_DEPTH (one per run).
    const created = await api.post('/v1/blueprints/counter/entities', {
      identifier: 'loop',
      properties: { count: 0 },
    });
    expect(created.status).toBe(201);
    const updated = await api.post('/v1/blueprints/counter/entities?upsert=true', {
      identifier: 'loop',
      properties: { count: 1 },
    });
    expect(updated.status).toBeLessThan(300);

    // Done once the triggers service has refused the loop's next change: every run exists by then (the
    // refused change was written by the last one).
    const refusal = await waitForLogLine(
      system.logDir,
      'triggers',
      (line) => line.message.includes(`(${ORG} counter/loop) starts no run: its chain depth`),
      { timeoutMs: 90_000, description: 'the triggers service refusing counter/loop for its chain depth' },
    );
    expect(refusal.message).toContain(
      `its chain depth ${MAX_CHAIN_DEPTH} reached MAX_CHAIN_DEPTH ${MAX_CHAIN_DEPTH}`,
    );
    const runs = await waitFor(
      async () => {
        const all = await runsOf(api, 'bump-counter');
        return all.every((run) => run.status === 'COMPLETED') ? all : undefined;
      },
      { timeoutMs: 60_000, description: 'every bump-counter run to complete' },
    );
    expect(runs.map((run) => run.result)).toEqual(Array.from({ length: MAX_CHAIN_DEPTH }, () => 'SUCCESS'));
    const entity = await api.get('/v1/blueprints/counter/entities/loop');
    expect(entity.data.entity?.properties).toEqual({ count: 1 + MAX_CHAIN_DEPTH });
  });
});

const BLUEPRINTS: Json[] = [
  {
    identifier: 'release',
    title: 'Release',
    schema: { properties: { version: { type: 'string' } }, required: [] },
  },
  {
    identifier: 'release-note',
    title: 'Release note',
    schema: { properties: { text: { type: 'string' } }, required: [] },
  },
  {
    identifier: 'counter',
    title: 'Counter',
    schema: { properties: { count: { type: 'number' } }, required: [] },
  },
];

function announceDeployment(): Json {
  return twoNodes('announce-deployment', selfServe({ service: { type: 'string' } }), {
    identifier: 'publish',
    config: {
      type: 'KAFKA',
      payload: {
        eventType: 'deployment.started',
        service: '{{ .outputs.trigger.service }}',
        tags: ['e2e', 'kafka'],
      },
    },
  });
}

function registerRelease(): Json {
  return twoNodes(
    'register-release',
    selfServe({ release: { type: 'string' }, version: { type: 'string' } }),
    {
      identifier: 'upsert-release',
      config: {
        type: 'UPSERT_ENTITY',
        blueprintIdentifier: 'release',
        mapping: {
          identifier: '{{ .outputs.trigger.release }}',
          properties: { version: '{{ .outputs.trigger.version }}' },
        },
      },
    },
  );
}

/** Fires on every new release and writes its note. */
function onReleaseCreated(): Json {
  return twoNodes(
    'on-release-created',
    {
      identifier: 'trigger',
      config: { type: 'EVENT_TRIGGER', event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'release' } },
    },
    {
      identifier: 'write-note',
      config: {
        type: 'UPSERT_ENTITY',
        blueprintIdentifier: 'release-note',
        mapping: {
          identifier: '{{ .outputs.trigger.diff.after.identifier + "-note" }}',
          properties: { text: '{{ "released " + .outputs.trigger.diff.after.properties.version }}' },
        },
      },
    },
  );
}

/** Every update of a counter updates it again: it would loop forever without the chain-depth limit. */
function bumpCounter(): Json {
  return twoNodes(
    'bump-counter',
    {
      identifier: 'trigger',
      config: { type: 'EVENT_TRIGGER', event: { type: 'ENTITY_UPDATED', blueprintIdentifier: 'counter' } },
    },
    {
      identifier: 'bump',
      config: {
        type: 'UPSERT_ENTITY',
        blueprintIdentifier: 'counter',
        mapping: {
          identifier: '{{ .outputs.trigger.diff.after.identifier }}',
          properties: { count: '{{ .outputs.trigger.diff.after.properties.count + 1 }}' },
        },
      },
    },
  );
}
