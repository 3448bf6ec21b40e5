import { edge, EngineHarness, webhook, workflow } from './__tests__/engine-harness';
import { retryDelayMs } from './retry-backoff';

const retryable = (message = 'POST -> 503') => ({
  result: 'FAILED' as const,
  failure: { code: 'HTTP_STATUS', message, retryable: true },
});

describe('retryDelayMs: exponential backoff with a cap and jitter', () => {
  const policy = {
    maxAttempts: 6,
    initialIntervalMs: 100,
    backoffRate: 3,
    maxIntervalMs: 1000,
    jitter: false,
  };

  it('multiplies the first interval by backoffRate per failed attempt, up to maxIntervalMs', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(policy, attempt, () => 0.5))).toEqual([
      100, 300, 900, 1000,
    ]);
  });

  it('with jitter, waits a random part of the capped interval (full jitter)', () => {
    const jittered = { ...policy, jitter: true };
    expect(retryDelayMs(jittered, 3, () => 0.5)).toBe(450);
    expect(retryDelayMs(jittered, 4, () => 0.999)).toBe(999);
    expect(retryDelayMs(jittered, 1, () => 0)).toBe(0);
  });
});

describe('RunEngine: each attempt is its own record with its own logs', () => {
  const h = new EngineHarness();
  afterAll(() => h.close());

  const flaky = webhook('flaky', {
    retry: { maxAttempts: 3, initialIntervalMs: 100, backoffRate: 2, jitter: false },
  });

  it('starts attempt 1 with the node run, ends it FAILED on a retryable failure and starts attempt 2 on the retry', async () => {
    await h.start(workflow([flaky], [edge('trigger', 'flaky')]));
    const nodeRunId = h.nodeRun('flaky').identifier;
    expect(h.attemptsOf('flaky')).toEqual(['1 started']);
    expect(h.attemptLogsOf('flaky')).toEqual(['1 INFO dispatched to the webhook executor (attempt 1)']);

    await h.report('flaky', {
      attempt: 1,
      ...retryable('POST -> 503'),
      logs: [{ logLevel: 'ERROR', log: 'POST https://hooks.example.com/flaky -> 503' }],
    });
    expect(h.attemptsOf('flaky')).toEqual(['1 FAILED: POST -> 503']);
    expect(h.attemptLogsOf('flaky')).toEqual([
      '1 ERROR POST https://hooks.example.com/flaky -> 503',
      '1 WARN attempt 1 of 3 failed: POST -> 503; retrying in 100 ms',
    ]);

    await h.fire({ kind: 'RETRY', nodeRunId, attempt: 1 });
    expect(h.attemptsOf('flaky')).toEqual(['2 started']);
    expect(h.attemptLogsOf('flaky')).toEqual(['2 INFO dispatched to the webhook executor (attempt 2)']);
    expect(h.dispatches()).toEqual([
      expect.objectContaining({ attempt: 2, idempotencyKey: `${nodeRunId}:2` }),
    ]);
  });

  it('waits longer after each failure (backoff) and ends the last attempt with the node run', async () => {
    const nodeRunId = h.nodeRun('flaky').identifier;
    await h.report('flaky', { attempt: 2, ...retryable('POST -> 429') });
    expect(h.timers()).toEqual([
      { kind: 'RETRY', nodeRunId, attempt: 2, dueAt: new Date(h.now.getTime() + 200) },
    ]);
    await h.fire({ kind: 'RETRY', nodeRunId, attempt: 2 });
    await h.report('flaky', { attempt: 3, output: { ok: true } });
    expect(h.attemptsOf('flaky')).toEqual(['3 SUCCESS']);
    expect(h.nodeRun('flaky')).toMatchObject({ status: 'COMPLETED', result: 'SUCCESS', attempt: 3 });
    expect(h.state.result).toBe('SUCCESS');
  });

  it('does not retry a permanent failure (a 4xx, a template error): the one attempt ends FAILED', async () => {
    await h.start(workflow([flaky], [edge('trigger', 'flaky')]));
    await h.report('flaky', {
      attempt: 1,
      result: 'FAILED',
      failure: { code: 'HTTP_STATUS', message: 'POST -> 400', retryable: false },
    });
    expect(h.attemptsOf('flaky')).toEqual(['1 FAILED: POST -> 400']);
    expect(h.timers()).toEqual([]);
    expect(h.state).toMatchObject({ status: 'COMPLETED', result: 'FAILED' });
  });

  it('gives trigger and condition node runs their single attempt too', async () => {
    await h.start(workflow([webhook('a')], [edge('trigger', 'a')]));
    expect(h.attemptsOf('trigger')).toEqual(['1 started', '1 SUCCESS']);
  });
});

describe('RunEngine: workflow-level defaults', () => {
  const h = new EngineHarness();
  afterAll(() => h.close());

  const defaults = {
    retry: { maxAttempts: 2, initialIntervalMs: 50, jitter: false },
    timeoutSeconds: 30,
    onTimeout: 'continue',
  };

  it('retries and times out nodes that set nothing themselves, by the workflow defaults', async () => {
    await h.start(workflow([webhook('a')], [edge('trigger', 'a')], { defaults }));
    const nodeRunId = h.nodeRun('a').identifier;
    expect(h.timers()).toEqual([expect.objectContaining({ kind: 'TIMEOUT', attempt: 1 })]);
    expect(h.timers()[0].dueAt.getTime() - h.now.getTime()).toBe(30_000);
    expect(h.dispatches()[0].node.timeoutSeconds).toBe(30);

    await h.report('a', { attempt: 1, ...retryable() });
    expect(h.timers()).toEqual([expect.objectContaining({ kind: 'RETRY', attempt: 1 })]);
    await h.fire({ kind: 'RETRY', nodeRunId, attempt: 1 });
    await h.fire({ kind: 'TIMEOUT', nodeRunId, attempt: 2 });
    expect(h.nodeRun('a')).toMatchObject({ result: 'SUCCESS', output: { timeout: true } });
  });

  it("lets a node's own options win over the defaults", async () => {
    const own = webhook('a', { timeoutSeconds: 5, onTimeout: 'fail', retry: { maxAttempts: 1 } });
    await h.start(workflow([own], [edge('trigger', 'a')], { defaults }));
    expect(h.dispatches()[0].node.timeoutSeconds).toBe(5);
    await h.report('a', { attempt: 1, ...retryable() });
    expect(h.state.result).toBe('FAILED');
  });

  it('applies a default onFailure "continue" to action nodes', async () => {
    await h.start(
      workflow([webhook('a'), webhook('b')], [edge('trigger', 'a'), edge('a', 'b')], {
        defaults: { onFailure: 'continue' },
      }),
    );
    await h.report('a', { result: 'FAILED' });
    expect(h.dispatches().map((d) => d.node.identifier)).toEqual(['b']);
  });
});

describe('RunEngine: what a dispatch carries for executors', () => {
  const h = new EngineHarness(undefined, 600);
  afterAll(() => h.close());

  it("fills node.timeoutSeconds (the orchestrator's default here) and context.chainDepth", async () => {
    await h.start(workflow([webhook('a')], [edge('trigger', 'a')]), {}, { chainDepth: 2 });
    const [dispatch] = h.dispatches();
    expect(dispatch.node.timeoutSeconds).toBe(600);
    expect(dispatch.context.chainDepth).toBe(2);
  });
});
