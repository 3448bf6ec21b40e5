import { NodeDispatchMessage, nodeDispatchTopic, Topics } from '@flowline/contracts';
import { type ReceivedMessage, waitFor } from '@flowline/testing';
import { nodeCompleted, OrchestratorHarness } from '../__tests__/orchestrator-harness';

const ORG = 'org_timers';

type Json = Record<string, unknown>;

function flow(node: Json): Json {
  return {
    identifier: 'timed',
    nodes: [
      { identifier: 'trigger', config: { type: 'SELF_SERVE_TRIGGER', userInputs: { properties: {} } } },
      {
        identifier: 'call',
        config: { type: 'WEBHOOK', url: 'https://x.example.com', synchronized: false },
        ...node,
      },
    ],
    connections: [{ sourceIdentifier: 'trigger', targetIdentifier: 'call' }],
  };
}

describe('durable node-run timers', () => {
  let h: OrchestratorHarness;
  let dispatches: ReceivedMessage[];

  beforeAll(async () => {
    h = await OrchestratorHarness.start('orchestrator-timers');
    dispatches = await h.kafka.collect(h.topic(nodeDispatchTopic('webhook')));
  });

  afterAll(async () => {
    await h?.close();
  });

  const dispatchesOf = (runId: string) =>
    dispatches.map((m) => m.json as NodeDispatchMessage).filter((d) => d.runId === runId);

  it('fails an async node that nobody completes within its timeoutSeconds, and the run with it', async () => {
    const request = await h.requestRun(ORG, flow({ timeoutSeconds: 1 }));
    const [dispatch] = await waitFor(() =>
      dispatchesOf(request.runId).length ? dispatchesOf(request.runId) : undefined,
    );
    expect(dispatch.deadline).toEqual(expect.any(String));
    const timers = await h.sql(`select kind, attempt from node_run_timers where node_run_identifier = $1`, [
      dispatch.nodeRunId,
    ]);
    expect(timers).toEqual([{ kind: 'TIMEOUT', attempt: 1 }]);

    const run = await h.waitForRun(ORG, request.runId, (r) => r['status'] === 'COMPLETED');
    expect(run['result']).toBe('FAILED');
    const call = (run['nodeRuns'] as Json[])[1];
    expect(call).toMatchObject({
      status: 'COMPLETED',
      result: 'FAILED',
      output: { error: { message: 'timed out after 1 s' } },
    });
    expect((call['nodeRunLogs'] as Json[]).map((l) => l['log'])).toContain('timed out after 1 s');
    expect(
      await h.sql(`select id from node_run_timers where node_run_identifier = $1`, [dispatch.nodeRunId]),
    ).toEqual([]);
  });

  it('retries a retryable failure after its backoff with the next attempt and idempotency key', async () => {
    const retry = { maxAttempts: 2, initialIntervalMs: 200, backoffRate: 2, jitter: false };
    const request = await h.requestRun(ORG, flow({ retry }));
    const [first] = await waitFor(() =>
      dispatchesOf(request.runId).length ? dispatchesOf(request.runId) : undefined,
    );
    await h.publish(
      Topics.nodeCompleted,
      nodeCompleted(ORG, {
        runId: request.runId,
        nodeRunId: first.nodeRunId,
        attempt: 1,
        status: 'COMPLETED',
        result: 'FAILED',
        failure: { code: 'HTTP_STATUS', message: 'POST -> 503', retryable: true },
      }),
      request.runId,
    );
    const second = await waitFor(() => dispatchesOf(request.runId).find((d) => d.attempt === 2), {
      description: 'the second attempt',
    });
    expect(second).toMatchObject({ nodeRunId: first.nodeRunId, idempotencyKey: `${first.nodeRunId}:2` });

    await h.publish(
      Topics.nodeCompleted,
      nodeCompleted(ORG, {
        runId: request.runId,
        nodeRunId: first.nodeRunId,
        attempt: 2,
        status: 'COMPLETED',
        result: 'SUCCESS',
      }),
      request.runId,
    );
    const run = await h.waitForRun(ORG, request.runId, (r) => r['status'] === 'COMPLETED');
    expect(run['result']).toBe('SUCCESS');
    expect((run['nodeRuns'] as Json[])[1]).toMatchObject({ attempt: 2, result: 'SUCCESS' });
    expect(((run['nodeRuns'] as Json[])[1]['nodeRunLogs'] as Json[]).map((l) => l['log'])).toEqual([
      'dispatched to the webhook executor (attempt 1)',
      'attempt 1 of 2 failed: POST -> 503; retrying in 200 ms',
      'dispatched to the webhook executor (attempt 2)',
    ]);
  });
});
