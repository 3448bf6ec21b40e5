import { edge, EngineHarness, type Json, webhook, workflow } from './__tests__/engine-harness';

const parallel = workflow(
  [
    webhook('a', { retry: { maxAttempts: 3, initialIntervalMs: 100, jitter: false } }),
    webhook('b'),
    webhook('c'),
  ],
  [edge('trigger', 'a'), edge('trigger', 'b'), edge('b', 'c')],
);

const statusOf = (h: EngineHarness, node: string) => {
  const nodeRun = h.nodeRun(node);
  return `${nodeRun.status} ${nodeRun.result ?? ''}`.trim();
};

describe('RunEngine: graceful cancel', () => {
  const h = new EngineHarness();
  afterAll(() => h.close());

  it('lets running nodes finish, starts no new node, and ends CANCELLED when none is left', async () => {
    await h.start(parallel);
    await h.cancel(false, 'admin@org');
    expect(h.state).toMatchObject({ status: 'IN_PROGRESS', cancelRequest: { by: 'admin@org' } });
    expect([statusOf(h, 'a'), statusOf(h, 'b')]).toEqual(['IN_PROGRESS', 'IN_PROGRESS']);
    expect(h.logsOf('b')).toEqual([
      'INFO the run was cancelled by admin@org: this node may finish, no new node starts',
    ]);

    await h.report('b');
    expect(statusOf(h, 'b')).toBe('COMPLETED SUCCESS');
    expect(h.dispatches()).toEqual([]);
    expect(h.ranNodes()).not.toContain('c');
    expect(h.state.status).toBe('IN_PROGRESS');

    await h.report('a');
    expect(h.state).toMatchObject({ status: 'COMPLETED', result: 'CANCELLED' });
    expect(h.events().map((e) => `${e.nodeIdentifier ?? 'run'} ${e.status} ${e.result}`)).toEqual([
      'a COMPLETED SUCCESS',
      'run COMPLETED CANCELLED',
    ]);
  });

  it('cancels a node waiting to retry, does not retry a failure any more, and ends CANCELLED on a failure', async () => {
    await h.start(parallel);
    await h.report('a', {
      attempt: 1,
      result: 'FAILED',
      failure: { code: 'HTTP_STATUS', message: '503', retryable: true },
    });
    expect(h.nodeRun('a').retryDueAt).not.toBeNull();
    await h.cancel();
    expect(statusOf(h, 'a')).toBe('COMPLETED CANCELLED');
    expect(h.attemptsOf('a')).toEqual(['1 CANCELLED: cancelled by u1']);
    await h.report('b', { result: 'FAILED', failure: { code: 'NET', message: 'reset', retryable: true } });
    expect(h.timers()).toEqual([]);
    expect(h.state).toMatchObject({ status: 'COMPLETED', result: 'CANCELLED' });
  });

  it('ignores a second graceful cancel, and refuses to cancel a completed run', async () => {
    await h.start(parallel);
    await h.cancel();
    expect(await h.cancel()).toMatchObject({ applied: false, ignored: 'cancel-requested' });
    await h.cancel(true);
    expect(h.state.result).toBe('CANCELLED');
    expect(await h.cancel(true)).toMatchObject({ applied: false, ignored: 'run-completed' });
  });
});

describe('RunEngine: forced cancel', () => {
  const h = new EngineHarness();
  afterAll(() => h.close());

  it('cancels every node run in progress now and ends the run CANCELLED', async () => {
    await h.start(parallel);
    await h.cancel(true, 'admin@org');
    expect([statusOf(h, 'a'), statusOf(h, 'b')]).toEqual(['COMPLETED CANCELLED', 'COMPLETED CANCELLED']);
    expect(h.logsOf('a')).toEqual(['WARN cancelled by admin@org (force)']);
    expect(h.state).toMatchObject({ status: 'COMPLETED', result: 'CANCELLED' });
    expect(h.events().map((e) => `${e.nodeIdentifier ?? 'run'} ${e.status} ${e.result}`)).toEqual([
      'a COMPLETED CANCELLED',
      'b COMPLETED CANCELLED',
      'run COMPLETED CANCELLED',
    ]);
  });

  it("records a late executor result in the node run's logs and changes nothing else", async () => {
    const before = h.state;
    const late = await h.report('a', {
      attempt: 1,
      output: { response: { status: 200 } },
      logs: [{ logLevel: 'INFO', log: 'POST -> 200' }],
    });
    expect(late.applied && late.effects.map((e) => e.kind)).toEqual(['appendLogs']);
    expect(h.state).toBe(before);
    expect(h.logsOf('a')).toEqual([
      'WARN late result of attempt 1 after the node run was cancelled: COMPLETED SUCCESS (ignored)',
      'INFO POST -> 200',
    ]);
    expect(h.nodeRun('a')).toMatchObject({ result: 'CANCELLED', output: {} });
  });

  it('refuses a late report over the API and one about another attempt', async () => {
    expect(await h.report('b', { source: 'api' })).toMatchObject({
      applied: false,
      ignored: 'run-completed',
    });
    expect(await h.report('b', { attempt: 2 })).toMatchObject({ applied: false, ignored: 'run-completed' });
  });
});

describe('RunEngine: queued runs (concurrency limits)', () => {
  const h = new EngineHarness();
  afterAll(() => h.close());

  it('creates a queued run with its trigger done and no node started, then starts on dequeue', async () => {
    await h.start(parallel, { env: 'x' }, { queued: true });
    expect(h.state).toMatchObject({
      status: 'IN_PROGRESS',
      queued: true,
      outputs: { trigger: { env: 'x' } },
    });
    expect(h.ranNodes()).toEqual(['trigger']);
    expect(h.dispatches()).toEqual([]);
    expect(h.logsOf('trigger')).toContain(
      'INFO queued: a concurrency limit is reached; the run starts when a slot frees',
    );

    await h.dequeue();
    expect(h.state.queued).toBe(false);
    expect(h.dispatches().map((d) => d.node.identifier)).toEqual(['a', 'b']);
    expect(await h.dequeue()).toMatchObject({ applied: false, ignored: 'not-queued' });
  });

  it('ends a queued run CANCELLED at once when it is cancelled', async () => {
    await h.start(parallel, {}, { queued: true });
    await h.cancel();
    expect(h.state).toMatchObject({ status: 'COMPLETED', result: 'CANCELLED', queued: false });
    expect(await h.dequeue()).toMatchObject({ applied: false, ignored: 'run-completed' });
  });
});

describe('RunEngine: retry from the failed nodes', () => {
  const h = new EngineHarness();
  afterAll(() => h.close());

  const condition = (identifier: string, expression: string): Json => ({
    identifier,
    config: { type: 'CONDITION', options: [{ identifier: 'yes', expression }] },
  });
  // trigger → check (condition) → build → deploy → notify; trigger → audit (parallel branch)
  const pipeline = workflow(
    [
      condition('check', '.outputs.trigger.go'),
      webhook('build'),
      webhook('deploy'),
      webhook('notify'),
      webhook('audit'),
    ],
    [
      edge('trigger', 'check'),
      edge('check', 'build', { sourceOptionIdentifier: 'yes' }),
      edge('build', 'deploy'),
      edge('deploy', 'notify'),
      edge('trigger', 'audit'),
    ],
  );

  it('takes over the successful node runs and dispatches only the failed node and what follows', async () => {
    await h.start(pipeline, { go: true });
    await h.report('build', { output: { image: 'v2' } });
    await h.report('deploy', {
      result: 'FAILED',
      failure: { code: 'HTTP', message: '400', retryable: false },
    });
    expect(h.state.result).toBe('FAILED');
    expect(statusOf(h, 'audit')).toBe('COMPLETED CANCELLED');
    const origin = h.state;
    const originBuild = h.nodeRun('build').identifier;

    await h.start(
      pipeline,
      { go: true },
      { reuseFrom: origin, origin: { kind: 'retry', runId: origin.identifier } },
    );
    expect(h.state.origin).toEqual({ kind: 'retry', runId: origin.identifier });
    expect(h.ranNodes()).toEqual(['trigger', 'check', 'build', 'audit', 'deploy']);
    expect(h.dispatches().map((d) => d.node.identifier)).toEqual(['audit', 'deploy']);
    expect(h.nodeRun('build')).toMatchObject({
      status: 'COMPLETED',
      result: 'SUCCESS',
      output: { image: 'v2' },
    });
    expect(h.nodeRun('build').identifier).not.toBe(originBuild);
    expect(h.nodeRun('check').selectedOption).toBe('yes');
    expect(h.logsOf('build')).toEqual([
      `INFO reused the output of node run ${originBuild} of run ${origin.identifier}: not run again`,
    ]);
    expect(h.dispatches()[1].context.outputs).toMatchObject({ build: { image: 'v2' } });

    await h.report('deploy');
    await h.report('audit');
    await h.report('notify');
    expect(h.state).toMatchObject({ status: 'COMPLETED', result: 'SUCCESS' });
  });
});
