import { edge, EngineHarness, webhook, workflow } from './__tests__/engine-harness';

const seconds = (n: number) => n * 1000;

describe('RunEngine: timeouts', () => {
  const h = new EngineHarness();
  afterAll(() => h.close());

  it('schedules a timeout per attempt and fails the node when it comes due while still in progress', async () => {
    await h.start(
      workflow([webhook('slow', { timeoutSeconds: 30 }, { synchronized: false })], [edge('trigger', 'slow')]),
    );
    const nodeRunId = h.nodeRun('slow').identifier;
    const dueAt = new Date(h.now.getTime() + seconds(30));
    expect(h.timers()).toEqual([{ kind: 'TIMEOUT', nodeRunId, attempt: 1, dueAt }]);
    expect(h.dispatches()[0].deadline).toEqual(dueAt);

    await h.report('slow', { status: 'IN_PROGRESS', result: undefined });
    await h.fire({ kind: 'TIMEOUT', nodeRunId, attempt: 1 });
    expect(h.nodeRun('slow')).toMatchObject({ status: 'COMPLETED', result: 'FAILED' });
    expect(h.logsOf('slow')).toEqual(['ERROR timed out after 30 s']);
    expect(h.state.result).toBe('FAILED');
  });

  it('with onTimeout continue, completes the node with { timeout: true } and goes on', async () => {
    const patient = webhook('slow', { timeoutSeconds: 5, onTimeout: 'continue' }, { synchronized: false });
    await h.start(workflow([patient, webhook('next')], [edge('trigger', 'slow'), edge('slow', 'next')]));
    await h.fire({ kind: 'TIMEOUT', nodeRunId: h.nodeRun('slow').identifier, attempt: 1 });
    expect(h.nodeRun('slow')).toMatchObject({
      status: 'COMPLETED',
      result: 'SUCCESS',
      output: { timeout: true },
    });
    expect(h.dispatches().map((d) => d.node.identifier)).toEqual(['next']);
  });

  it('ignores a timeout for a node that already completed', async () => {
    await h.start(
      workflow(
        [webhook('quick', { timeoutSeconds: 5 }), webhook('next')],
        [edge('trigger', 'quick'), edge('quick', 'next')],
      ),
    );
    await h.report('quick');
    const late = await h.fire({ kind: 'TIMEOUT', nodeRunId: h.nodeRun('quick').identifier, attempt: 1 });
    expect(late).toMatchObject({ applied: false, ignored: 'stale-timer' });
  });

  it('uses the orchestrator default for action nodes without their own timeout', async () => {
    const withDefault = new EngineHarness(undefined, 600);
    try {
      await withDefault.start(workflow([webhook('a')], [edge('trigger', 'a')]));
      expect(withDefault.timers()).toEqual([expect.objectContaining({ kind: 'TIMEOUT', attempt: 1 })]);
      expect(withDefault.timers()[0].dueAt.getTime() - withDefault.now.getTime()).toBe(seconds(600));
    } finally {
      await withDefault.close();
    }
  });
});

describe('RunEngine: retries', () => {
  const h = new EngineHarness();
  afterAll(() => h.close());

  const retrying = webhook('flaky', {
    retry: { maxAttempts: 2, initialIntervalMs: 1000, backoffRate: 2, jitter: false },
    timeoutSeconds: 60,
  });

  it('waits on a durable timer after a retryable failure, then dispatches the next attempt', async () => {
    await h.start(workflow([retrying], [edge('trigger', 'flaky')]));
    const nodeRunId = h.nodeRun('flaky').identifier;
    await h.report('flaky', {
      attempt: 1,
      result: 'FAILED',
      failure: { code: 'HTTP_STATUS', message: 'POST -> 503', retryable: true },
    });
    expect(h.nodeRun('flaky')).toMatchObject({ status: 'IN_PROGRESS', attempt: 1 });
    expect(h.logsOf('flaky')).toEqual(['WARN attempt 1 of 2 failed: POST -> 503; retrying in 1000 ms']);
    expect(h.timers()).toEqual([
      { kind: 'RETRY', nodeRunId, attempt: 1, dueAt: new Date(h.now.getTime() + 1000) },
    ]);
    expect(h.state.status).toBe('IN_PROGRESS');

    // While it waits, a duplicate report about attempt 1 (and attempt 1's timeout) are stale.
    expect(await h.report('flaky', { attempt: 1 })).toMatchObject({
      applied: false,
      ignored: 'stale-attempt',
    });
    expect(await h.fire({ kind: 'TIMEOUT', nodeRunId, attempt: 1 })).toMatchObject({
      ignored: 'stale-timer',
    });

    h.now = new Date(h.now.getTime() + 1000);
    await h.fire({ kind: 'RETRY', nodeRunId, attempt: 1 });
    expect(h.nodeRun('flaky')).toMatchObject({ status: 'IN_PROGRESS', attempt: 2, retryDueAt: null });
    expect(h.dispatches()).toEqual([
      expect.objectContaining({ nodeRunId, attempt: 2, idempotencyKey: `${nodeRunId}:2` }),
    ]);
    expect(h.timers()).toEqual([expect.objectContaining({ kind: 'TIMEOUT', attempt: 2 })]);
  });

  it('fails for good when the last attempt fails too', async () => {
    await h.report('flaky', {
      attempt: 2,
      result: 'FAILED',
      failure: { code: 'HTTP_STATUS', message: 'POST -> 503', retryable: true },
    });
    expect(h.nodeRun('flaky')).toMatchObject({ status: 'COMPLETED', result: 'FAILED', attempt: 2 });
    expect(h.state.result).toBe('FAILED');
  });

  it('does not retry a failure the executor calls permanent, nor one reported over the API', async () => {
    await h.start(workflow([retrying], [edge('trigger', 'flaky')]));
    await h.report('flaky', {
      result: 'FAILED',
      failure: { code: 'BAD_URL', message: 'bad url', retryable: false },
    });
    expect(h.state.result).toBe('FAILED');

    await h.start(workflow([retrying], [edge('trigger', 'flaky')]));
    await h.report('flaky', {
      source: 'api',
      result: 'FAILED',
      failure: { code: 'X', message: 'no', retryable: true },
    });
    expect(h.state.result).toBe('FAILED');
  });
});

describe('RunEngine: integration actions for pull workers', () => {
  const h = new EngineHarness();
  afterAll(() => h.close());

  const integration = (provider: string) => ({
    identifier: 'ask-worker',
    config: {
      type: 'INTEGRATION_ACTION',
      installationId: 'gitlab-{{ .outputs.trigger.team }}',
      integrationProvider: provider,
      integrationInvocationType: 'CREATE',
      integrationActionExecutionProperties: { project: '{{ .outputs.trigger.project }}' },
    },
  });

  it('leaves a non-GitHub integration action in progress for its installation, with its config rendered', async () => {
    await h.start(workflow([integration('GITLAB')], [edge('trigger', 'ask-worker')]), {
      team: 'core',
      project: 'api',
    });
    expect(h.dispatches()).toEqual([]);
    expect(h.nodeRun('ask-worker')).toMatchObject({
      status: 'IN_PROGRESS',
      installationId: 'gitlab-core',
      claimConfig: expect.objectContaining({
        installationId: 'gitlab-core',
        integrationActionExecutionProperties: { project: 'api' },
      }),
    });
    expect(h.logsOf('ask-worker')).toEqual([
      'INFO waiting for a worker of installation "gitlab-core" to claim it',
    ]);
  });

  it('sends a GitHub integration action to the github executor instead', async () => {
    const github = integration('GITHUB');
    github.config.integrationActionExecutionProperties = {
      repo: 'acme/api',
      workflowId: 'deploy.yml',
    } as never;
    await h.start(workflow([github], [edge('trigger', 'ask-worker')]), { team: 'core' });
    expect(h.dispatches()).toEqual([expect.objectContaining({ backend: 'github' })]);
    expect(h.nodeRun('ask-worker').installationId).toBeNull();
  });

  describe('an executor that abandoned the call at the deadline (a synchronized webhook)', () => {
    const deadlineExceeded = {
      result: 'FAILED' as const,
      failure: {
        code: 'DEADLINE_EXCEEDED',
        message: 'the call was abandoned: its deadline passed',
        retryable: true,
      },
    };

    it('applies onTimeout "continue" like the timer would', async () => {
      const patient = webhook('slow', { timeoutSeconds: 2, onTimeout: 'continue' });
      await h.start(workflow([patient, webhook('next')], [edge('trigger', 'slow'), edge('slow', 'next')]));
      await h.report('slow', deadlineExceeded);
      expect(h.nodeRun('slow')).toMatchObject({
        status: 'COMPLETED',
        result: 'SUCCESS',
        output: { timeout: true },
      });
      expect(h.dispatches().map((d) => d.node.identifier)).toEqual(['next']);
      const late = await h.fire({ kind: 'TIMEOUT', nodeRunId: h.nodeRun('slow').identifier, attempt: 1 });
      expect(late).toMatchObject({ applied: false, ignored: 'stale-timer' });
    });

    it('fails the node as timed out, without a retry, when onTimeout is not "continue"', async () => {
      const limited = webhook('slow', {
        timeoutSeconds: 2,
        retry: { maxAttempts: 3, initialIntervalMs: 100 },
      });
      await h.start(workflow([limited], [edge('trigger', 'slow')]));
      await h.report('slow', deadlineExceeded);
      expect(h.nodeRun('slow')).toMatchObject({ status: 'COMPLETED', result: 'FAILED', attempt: 1 });
      expect(h.logsOf('slow')).toEqual(['ERROR timed out after 2 s']);
      expect(h.timers()).toEqual([]);
    });
  });
});
