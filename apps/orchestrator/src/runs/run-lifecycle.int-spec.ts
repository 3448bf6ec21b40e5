import {
  newId,
  NodeDispatchMessage,
  nodeDispatchTopic,
  RunEventMessage,
  Topics,
  validateMessage,
} from '@flowline/contracts';
import { type ReceivedMessage, waitFor } from '@flowline/testing';
import {
  adminToken,
  nodeCompleted,
  OrchestratorHarness,
  runRequested,
  webhookChain,
} from '../__tests__/orchestrator-harness';

const ORG = 'org_lifecycle';

type Json = Record<string, unknown>;
const nodeRunOf = (run: Json, node: string) =>
  (run['nodeRuns'] as Json[]).find((nodeRun) => (nodeRun['node'] as Json)['identifier'] === node) as Json;

describe('a run through Kafka, PostgreSQL and the API', () => {
  let h: OrchestratorHarness;
  let dispatches: ReceivedMessage[];
  let events: ReceivedMessage[];

  beforeAll(async () => {
    h = await OrchestratorHarness.start('orchestrator-lifecycle');
    dispatches = await h.kafka.collect(h.topic(nodeDispatchTopic('webhook')));
    events = await h.kafka.collect(h.topic(Topics.runEvents));
  });

  afterAll(async () => {
    await h?.close();
  });

  const dispatchFor = (runId: string, node: string) =>
    waitFor(
      () =>
        dispatches.find((m) => {
          const json = m.json as NodeDispatchMessage;
          return json.runId === runId && json.node.identifier === node;
        }),
      { description: `dispatch of ${node} in ${runId}`, timeoutMs: 30_000 },
    );

  it('announces a new run with the run as the API shows it, on its run status event only', async () => {
    const request = await h.requestRun(ORG, webhookChain('announced', ['call-api']), {
      output: { env: 'dev' },
    });
    const shown = await h.waitForRun(ORG, request.runId);
    const ofRun = () => events.map((m) => m.json as Json).filter((json) => json['runId'] === request.runId);
    const created = await waitFor(
      () => ofRun().find((json) => json['type'] === 'WORKFLOW_RUN_STATUS_CHANGED'),
      { description: `the creation event of ${request.runId}`, timeoutMs: 30_000 },
    );
    // Nothing else happens to the run (its webhook has no executor here), so both show the same run.
    expect(created['run']).toEqual(shown);
    expect(validateMessage(RunEventMessage, created)).toMatchObject({ ok: true });
    const nodeEvents = ofRun().filter((json) => json['type'] === 'NODE_RUN_STATUS_CHANGED');
    expect(nodeEvents.length).toBeGreaterThan(0);
    expect(nodeEvents.filter((json) => 'run' in json)).toEqual([]);
  });

  it('creates the run from a run request, dispatches the first webhook, and completes on its result', async () => {
    const request = await h.requestRun(ORG, webhookChain('deploy', ['call-api']), {
      output: { env: 'prod' },
    });

    const started = await h.waitForRun(ORG, request.runId);
    expect(started).toMatchObject({
      identifier: request.runId,
      title: 'Flow deploy',
      status: 'IN_PROGRESS',
      result: null,
      workflow: { identifier: 'deploy', version: 1 },
      workflowVersionId: 1,
      createdBy: `user@${ORG}`,
      variables: { outputs: { trigger: { env: 'prod' } } },
    });
    expect(nodeRunOf(started, 'trigger')).toMatchObject({ status: 'COMPLETED', result: 'SUCCESS' });

    const wire = await dispatchFor(request.runId, 'call-api');
    expect(wire.key).toBe(request.runId);
    const validated = validateMessage(NodeDispatchMessage, wire.json);
    expect(validated.ok ? [] : validated.problems).toEqual([]);
    const dispatch = wire.json as NodeDispatchMessage;
    expect(dispatch).toMatchObject({
      orgId: ORG,
      attempt: 1,
      idempotencyKey: `${dispatch.nodeRunId}:1`,
      node: {
        identifier: 'call-api',
        config: { type: 'WEBHOOK', body: { env: '{{ .outputs.trigger.env }}' } },
      },
      context: { outputs: { trigger: { env: 'prod' } }, workflowNodeRun: { identifier: dispatch.nodeRunId } },
    });
    expect(wire.headers['x-flowline-idempotency-key']).toBe(dispatch.idempotencyKey);
    expect(nodeRunOf(started, 'call-api')).toMatchObject({
      identifier: dispatch.nodeRunId,
      status: 'IN_PROGRESS',
    });

    const result = nodeCompleted(ORG, {
      runId: request.runId,
      nodeRunId: dispatch.nodeRunId,
      status: 'COMPLETED',
      result: 'SUCCESS',
      output: { response: { status: 200, data: { id: 'dep-9' } } },
      logs: [{ logLevel: 'INFO', log: 'POST https://hooks.example.com/call-api -> 200' }],
    });
    await h.publish(Topics.nodeCompleted, result, request.runId);

    const done = await h.waitForRun(ORG, request.runId, (run) => run['status'] === 'COMPLETED');
    expect(done).toMatchObject({
      result: 'SUCCESS',
      variables: { outputs: { 'call-api': { response: { status: 200, data: { id: 'dep-9' } } } } },
    });
    expect(done['completedAt']).toEqual(expect.any(String));
    expect(nodeRunOf(done, 'call-api')).toMatchObject({
      nodeConfigType: 'WEBHOOK',
      nodeTitle: 'Call call-api',
      result: 'SUCCESS',
      output: { response: { status: 200, data: { id: 'dep-9' } } },
      nodeRunLogs: expect.arrayContaining([
        expect.objectContaining({
          logLevel: 'INFO',
          log: 'POST https://hooks.example.com/call-api -> 200',
          tags: {},
        }),
      ]),
    });

    // Every status change went out on the run-events topic, keyed by run id.
    const runEnd = await waitFor(() =>
      events.find((m) => {
        const json = m.json as RunEventMessage;
        return (
          json.runId === request.runId &&
          json.type === 'WORKFLOW_RUN_STATUS_CHANGED' &&
          json.status === 'COMPLETED'
        );
      }),
    );
    expect(runEnd.key).toBe(request.runId);
    expect(validateMessage(RunEventMessage, runEnd.json).ok).toBe(true);
    const forRun = events.map((m) => m.json as RunEventMessage).filter((e) => e.runId === request.runId);
    expect(forRun.map((e) => `${e.nodeIdentifier ?? 'run'} ${e.status} ${e.result ?? ''}`.trim())).toEqual([
      'trigger COMPLETED SUCCESS',
      'call-api IN_PROGRESS',
      'run IN_PROGRESS',
      'call-api COMPLETED SUCCESS',
      'run COMPLETED SUCCESS',
    ]);
  });

  it('ignores a replayed run request (same envelope id) and a second request with the same run key', async () => {
    const definition = webhookChain('replayed', ['only']);
    const first = await h.requestRun(ORG, definition, { runKey: 'submission-42' });
    await dispatchFor(first.runId, 'only');

    // Same envelope again, then a new request under the same run key with another run id.
    await h.publish(Topics.runRequested, first, first.runId);
    const sameKey = runRequested(ORG, newId('workflowRun'), definition, { runKey: 'submission-42' });
    await h.publish(Topics.runRequested, sameKey, first.runId);
    // A barrier on the same partition: once this run exists, the two before it were handled.
    const barrier = runRequested(ORG, newId('workflowRun'), definition);
    await h.publish(Topics.runRequested, barrier, first.runId);
    await h.waitForRun(ORG, barrier.runId);

    const api = h.http(adminToken(ORG));
    expect((await api.get(`/v1/workflows/runs/${sameKey.runId}`)).status).toBe(404);
    const rows = await h.sql(`select count(*)::int as n from node_runs where run_identifier = $1`, [
      first.runId,
    ]);
    expect(rows[0]['n']).toBe(2);
    const dispatched = dispatches.filter((m) => (m.json as NodeDispatchMessage).runId === first.runId);
    expect(dispatched).toHaveLength(1);
  });

  it('applies a replayed node result (same envelope id) only once', async () => {
    const request = await h.requestRun(ORG, webhookChain('async', ['wait']));
    const dispatch = (await dispatchFor(request.runId, 'wait')).json as NodeDispatchMessage;
    const progress = nodeCompleted(ORG, {
      runId: request.runId,
      nodeRunId: dispatch.nodeRunId,
      status: 'IN_PROGRESS',
      logs: [{ logLevel: 'INFO', log: 'accepted, will call back' }],
    });
    await h.publish(Topics.nodeCompleted, progress, request.runId);
    await h.publish(Topics.nodeCompleted, progress, request.runId);
    const barrier = nodeCompleted(ORG, {
      runId: request.runId,
      nodeRunId: dispatch.nodeRunId,
      status: 'IN_PROGRESS',
      logs: [{ logLevel: 'INFO', log: 'barrier' }],
    });
    await h.publish(Topics.nodeCompleted, barrier, request.runId);

    const run = await h.waitForRun(ORG, request.runId, (r) =>
      ((nodeRunOf(r, 'wait')['nodeRunLogs'] as Json[]) ?? []).some((l) => l['log'] === 'barrier'),
    );
    const logs = (nodeRunOf(run, 'wait')['nodeRunLogs'] as Json[]).map((l) => l['log']);
    expect(logs.filter((l) => l === 'accepted, will call back')).toHaveLength(1);
    expect(nodeRunOf(run, 'wait')['status']).toBe('IN_PROGRESS');
    const processed = await h.sql(`select count(*)::int as n from processed_messages where message_id = $1`, [
      progress.id,
    ]);
    expect(processed[0]['n']).toBe(1);
  });
});
