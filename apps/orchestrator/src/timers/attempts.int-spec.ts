import { nodeDispatchTopic, Topics } from '@flowline/contracts';
import { type ReceivedMessage, waitFor } from '@flowline/testing';
import { nodeCompleted, OrchestratorHarness } from '../__tests__/orchestrator-harness';

const ORG = 'org_attempts';

type Json = Record<string, unknown>;

const trigger = {
  identifier: 'trigger',
  config: { type: 'SELF_SERVE_TRIGGER', userInputs: { properties: {} } },
};
const webhookNode = (identifier: string, extra: Json = {}) => ({
  identifier,
  config: { type: 'WEBHOOK', url: `https://hooks.example.com/${identifier}` },
  ...extra,
});
const nodeRunOf = (run: Json, node: string) =>
  (run['nodeRuns'] as Json[]).find((n) => (n['node'] as Json)['identifier'] === node) as Json;
const logTexts = (lines: unknown) => (lines as Json[]).map((line) => line['log']);

describe('retries and timeouts as durable attempts (Kafka + PostgreSQL)', () => {
  let h: OrchestratorHarness;
  let received: ReceivedMessage[];

  beforeAll(async () => {
    h = await OrchestratorHarness.start('orchestrator-attempts');
    received = await h.kafka.collect(h.topic(nodeDispatchTopic('webhook')));
  });

  afterAll(async () => {
    await h?.close();
  });

  const dispatchesOf = (runId: string) => OrchestratorHarness.dispatchesOf(received, runId);
  const waitForDispatches = (runId: string, count: number) =>
    waitFor(() => (dispatchesOf(runId).length >= count ? dispatchesOf(runId) : undefined), {
      description: `${count} dispatch(es) of ${runId}`,
      timeoutMs: 30_000,
    });

  const report = (runId: string, nodeRunId: string, attempt: number, fields: Json) =>
    h.publish(
      Topics.nodeCompleted,
      nodeCompleted(ORG, { runId, nodeRunId, attempt, status: 'COMPLETED', ...fields }),
      runId,
    );

  it('retries a webhook that fails twice (503, then a network error) and succeeds: one SUCCESS node run with three attempts', async () => {
    const retry = {
      maxAttempts: 3,
      initialIntervalMs: 100,
      backoffRate: 2,
      maxIntervalMs: 1000,
      jitter: false,
    };
    const request = await h.requestRun(ORG, {
      identifier: 'flaky',
      nodes: [trigger, webhookNode('call', { retry })],
      connections: [{ sourceIdentifier: 'trigger', targetIdentifier: 'call' }],
    });
    const runId = request.runId;
    const [first] = await waitForDispatches(runId, 1);
    await report(runId, first.nodeRunId, 1, {
      result: 'FAILED',
      failure: { code: 'HTTP_STATUS', message: 'POST -> 503', retryable: true },
      logs: [{ logLevel: 'ERROR', log: 'POST https://hooks.example.com/call -> 503' }],
    });
    await waitForDispatches(runId, 2);
    await report(runId, first.nodeRunId, 2, {
      result: 'FAILED',
      failure: { code: 'NETWORK', message: 'ECONNRESET', retryable: true },
      logs: [{ logLevel: 'ERROR', log: 'POST https://hooks.example.com/call: ECONNRESET' }],
    });
    const dispatches = await waitForDispatches(runId, 3);
    await report(runId, first.nodeRunId, 3, {
      result: 'SUCCESS',
      output: { response: { status: 200 } },
      logs: [{ logLevel: 'INFO', log: 'POST https://hooks.example.com/call -> 200' }],
    });

    expect(dispatches.map((d) => d.idempotencyKey)).toEqual([
      `${first.nodeRunId}:1`,
      `${first.nodeRunId}:2`,
      `${first.nodeRunId}:3`,
    ]);
    expect(new Set(dispatches.map((d) => d.nodeRunId))).toEqual(new Set([first.nodeRunId]));
    const run = await h.waitForRun(ORG, runId, (r) => r['status'] === 'COMPLETED');
    expect(run['result']).toBe('SUCCESS');
    const call = nodeRunOf(run, 'call');
    expect(call).toMatchObject({ status: 'COMPLETED', result: 'SUCCESS', attempt: 3 });
    expect(
      (run['nodeRuns'] as Json[]).filter((n) => (n['node'] as Json)['identifier'] === 'call'),
    ).toHaveLength(1);
    const attempts = call['attempts'] as Json[];
    expect(attempts.map((a) => [a['attempt'], a['status'], a['result'], a['error']])).toEqual([
      [1, 'COMPLETED', 'FAILED', 'POST -> 503'],
      [2, 'COMPLETED', 'FAILED', 'ECONNRESET'],
      [3, 'COMPLETED', 'SUCCESS', null],
    ]);
    expect(attempts.map((a) => logTexts(a['logs']))).toEqual([
      [
        'dispatched to the webhook executor (attempt 1)',
        'POST https://hooks.example.com/call -> 503',
        'attempt 1 of 3 failed: POST -> 503; retrying in 100 ms',
      ],
      [
        'dispatched to the webhook executor (attempt 2)',
        'POST https://hooks.example.com/call: ECONNRESET',
        'attempt 2 of 3 failed: ECONNRESET; retrying in 200 ms',
      ],
      ['dispatched to the webhook executor (attempt 3)', 'POST https://hooks.example.com/call -> 200'],
    ]);
    for (const attempt of attempts) {
      expect(attempt['startedAt']).toEqual(expect.any(String));
      expect(attempt['completedAt']).toEqual(expect.any(String));
    }
    // The backoff waits were durable rows, gone once fired.
    expect(
      await h.sql(`select kind from node_run_timers where node_run_identifier = $1`, [first.nodeRunId]),
    ).toEqual([]);
  });

  it('does not retry a 400 (a permanent failure): one attempt, the run fails', async () => {
    const request = await h.requestRun(ORG, {
      identifier: 'bad-request',
      nodes: [trigger, webhookNode('call', { retry: { maxAttempts: 5, initialIntervalMs: 50 } })],
      connections: [{ sourceIdentifier: 'trigger', targetIdentifier: 'call' }],
    });
    const [dispatch] = await waitForDispatches(request.runId, 1);
    await report(request.runId, dispatch.nodeRunId, 1, {
      result: 'FAILED',
      failure: { code: 'HTTP_STATUS', message: 'POST -> 400', retryable: false },
    });
    const run = await h.waitForRun(ORG, request.runId, (r) => r['status'] === 'COMPLETED');
    expect(run['result']).toBe('FAILED');
    const call = nodeRunOf(run, 'call');
    expect(call).toMatchObject({ result: 'FAILED', attempt: 1 });
    expect((call['attempts'] as Json[]).map((a) => a['result'])).toEqual(['FAILED']);
    expect(dispatchesOf(request.runId)).toHaveLength(1);
    // No retry was scheduled (and the node has no timeout).
    const timers = await h.sql(`select kind from node_run_timers where node_run_identifier = $1`, [
      dispatch.nodeRunId,
    ]);
    expect(timers).toEqual([]);
  });

  it('times out a node that never answers and, with onTimeout continue, moves on to the next node', async () => {
    const request = await h.requestRun(ORG, {
      identifier: 'silent',
      nodes: [
        trigger,
        webhookNode('silent', { timeoutSeconds: 1, onTimeout: 'continue' }),
        webhookNode('after'),
      ],
      connections: [
        { sourceIdentifier: 'trigger', targetIdentifier: 'silent' },
        { sourceIdentifier: 'silent', targetIdentifier: 'after' },
      ],
    });
    const [silent] = await waitForDispatches(request.runId, 1);
    expect(silent.node).toMatchObject({ identifier: 'silent', timeoutSeconds: 1 });
    const [, after] = await waitForDispatches(request.runId, 2);
    expect(after.node.identifier).toBe('after');
    expect(after.context.outputs).toMatchObject({ silent: { timeout: true } });

    const run = await h.waitForRun(ORG, request.runId);
    expect(nodeRunOf(run, 'silent')).toMatchObject({
      status: 'COMPLETED',
      result: 'SUCCESS',
      output: { timeout: true },
    });
    expect(logTexts(nodeRunOf(run, 'silent')['nodeRunLogs'])).toContain(
      'timed out after 1 s; onTimeout is "continue"',
    );
    expect(nodeRunOf(run, 'after')).toMatchObject({ status: 'IN_PROGRESS' });
  });
});
