import { edge, EngineHarness, webhook, workflow } from './__tests__/engine-harness';

describe('RunEngine: failures', () => {
  const h = new EngineHarness();
  afterAll(() => h.close());

  it('fails the run when a node fails (onFailure terminate, the default), with the reason logged', async () => {
    await h.start(workflow([webhook('a'), webhook('b')], [edge('trigger', 'a'), edge('a', 'b')]));
    await h.report('a', {
      result: 'FAILED',
      output: { response: { status: 500 } },
      failure: { code: 'HTTP_STATUS', message: 'POST -> 500', retryable: false },
    });
    expect(h.nodeRun('a')).toMatchObject({
      status: 'COMPLETED',
      result: 'FAILED',
      output: { response: { status: 500 }, error: { message: 'POST -> 500' } },
    });
    expect(h.logsOf('a')).toEqual(['ERROR POST -> 500']);
    expect(h.state).toMatchObject({ status: 'COMPLETED', result: 'FAILED' });
    expect(h.dispatches()).toEqual([]);
    expect(h.ranNodes()).toEqual(['trigger', 'a']);
  });

  it('ends the run CANCELLED when a node is cancelled', async () => {
    await h.start(workflow([webhook('a')], [edge('trigger', 'a')]));
    await h.report('a', { source: 'api', result: 'CANCELLED' });
    expect(h.state).toMatchObject({ status: 'COMPLETED', result: 'CANCELLED' });
  });

  it('cancels the node runs still in progress on other branches when the run fails', async () => {
    await h.start(workflow([webhook('a'), webhook('b')], [edge('trigger', 'a'), edge('trigger', 'b')]));
    await h.report('a', { result: 'FAILED', logs: [{ logLevel: 'ERROR', log: 'connection refused' }] });
    expect(h.nodeRun('a').output).toEqual({ error: { message: 'connection refused' } });
    expect(h.nodeRun('b')).toMatchObject({ status: 'COMPLETED', result: 'CANCELLED' });
    expect(h.logsOf('b')).toEqual(['WARN cancelled: the run ended because node "a" failed']);
    expect(h.events().map((e) => `${e.nodeIdentifier ?? 'run'} ${e.status} ${e.result}`)).toEqual([
      'a COMPLETED FAILED',
      'b COMPLETED CANCELLED',
      'run COMPLETED FAILED',
    ]);
  });

  it('with onFailure continue, treats the failed node as done: the next nodes run and the run succeeds', async () => {
    const tolerant = webhook('flaky', { onFailure: 'continue' });
    const next = webhook('next', {}, { body: { why: '{{ .outputs.flaky.error.message }}' } });
    await h.start(workflow([tolerant, next], [edge('trigger', 'flaky'), edge('flaky', 'next')]));
    await h.report('flaky', { result: 'FAILED', failure: { code: 'X', message: 'boom', retryable: false } });
    expect(h.nodeRun('flaky')).toMatchObject({ status: 'COMPLETED', result: 'FAILED' });
    expect(h.logsOf('flaky')).toEqual(['ERROR boom', 'INFO onFailure is "continue": the run goes on']);
    expect(h.dispatches().map((d) => d.node.identifier)).toEqual(['next']);
    expect(h.dispatches()[0].context.outputs['flaky']).toEqual({ error: { message: 'boom' } });
    await h.report('next');
    expect(h.state).toMatchObject({ status: 'COMPLETED', result: 'SUCCESS' });
  });

  it.each([
    ['GITLAB', { type: 'GITLAB', projectName: 'p', groupName: 'g' }],
    ['AZURE_DEVOPS', { type: 'AZURE_DEVOPS', webhook: 'w', org: 'o' }],
  ])('fails %s nodes at once: no executor runs them yet', async (type, config) => {
    await h.start(workflow([{ identifier: 'pipeline', config }], [edge('trigger', 'pipeline')]));
    expect(h.nodeRun('pipeline')).toMatchObject({ status: 'COMPLETED', result: 'FAILED', nodeType: type });
    expect(h.logsOf('pipeline')).toEqual([
      `ERROR ${type} nodes are not supported yet: no executor runs them`,
    ]);
    expect(h.state.result).toBe('FAILED');
  });

  it('creates a failed run, with the problems logged on the trigger, when the pinned definition is invalid', async () => {
    await h.start({
      identifier: 'broken',
      title: 'Broken',
      nodes: [{ identifier: 'trigger', config: { type: 'NOPE' } }],
    });
    expect(h.state).toMatchObject({
      status: 'COMPLETED',
      result: 'FAILED',
      workflow: { title: 'Broken', nodes: [] },
    });
    expect(h.nodeRun('trigger')).toMatchObject({ result: 'FAILED', nodeType: 'SELF_SERVE_TRIGGER' });
    expect(h.logsOf('trigger').join()).toMatch(
      /ERROR the pinned workflow version is invalid: nodes\[0\]\.config\.type/,
    );
  });

  it('creates a failed run when the run request names a node that is not a trigger of the version', async () => {
    const definition = workflow([webhook('a')], [edge('trigger', 'a')]);
    const started = await h.engine.start({
      runId: 'wfr_BBBBBBBBBBBBBBBB',
      orgId: 'org_a',
      runKey: 'k',
      workflow: definition,
      workflowVersion: 7,
      trigger: { kind: 'EVENT', nodeIdentifier: 'a', by: { actorId: 'bot', kind: 'automation' }, output: {} },
      chainDepth: 0,
    });
    expect(started.state).toMatchObject({ status: 'COMPLETED', result: 'FAILED' });
    expect(started.state.nodeRuns).toEqual([
      expect.objectContaining({ nodeIdentifier: 'a', result: 'FAILED' }),
    ]);
    expect(started.applied && started.effects.filter((e) => e.kind === 'dispatchNode')).toEqual([]);
  });
});

describe('RunEngine: duplicates, late results and terminal states', () => {
  const h = new EngineHarness();
  afterAll(() => h.close());

  it('ignores a second result for a completed node run: nothing changes', async () => {
    await h.start(workflow([webhook('a'), webhook('b')], [edge('trigger', 'a'), edge('a', 'b')]));
    await h.report('a', { output: { first: true } });
    const before = h.state;
    const again = await h.report('a', { output: { second: true } });
    expect(again).toEqual({ applied: false, state: before, ignored: 'node-run-completed' });
    expect(h.nodeRun('a').output).toEqual({ first: true });
  });

  it('ignores a result about another attempt than the current one', async () => {
    const stale = await h.report('b', { attempt: 2 });
    expect(stale).toMatchObject({ applied: false, ignored: 'stale-attempt' });
    expect(h.nodeRun('b').status).toBe('IN_PROGRESS');
  });

  it('never downgrades a completed run: results and timers after the end change nothing', async () => {
    await h.report('b', { result: 'FAILED' });
    expect(h.state).toMatchObject({ status: 'COMPLETED', result: 'FAILED' });
    const frozen = h.state;
    expect(await h.report('b', { status: 'IN_PROGRESS', result: undefined })).toMatchObject({
      applied: false,
      ignored: 'run-completed',
    });
    expect(await h.report('b', { result: 'SUCCESS' })).toMatchObject({
      applied: false,
      ignored: 'run-completed',
    });
    const nodeRunId = h.nodeRun('b').identifier;
    expect(await h.fire({ kind: 'TIMEOUT', nodeRunId, attempt: 1 })).toMatchObject({
      applied: false,
      ignored: 'stale-timer',
    });
    expect(h.state).toBe(frozen);
    expect(h.state.nodeRuns.map((n) => `${n.nodeIdentifier} ${n.status} ${n.result}`)).toEqual([
      'trigger COMPLETED SUCCESS',
      'a COMPLETED SUCCESS',
      'b COMPLETED FAILED',
    ]);
  });

  it('ignores a report about a node run that is not part of the run', async () => {
    await h.start(workflow([webhook('a')], [edge('trigger', 'a')]));
    const unknown = await h.engine.applyNodeReport(h.state, {
      nodeRunId: 'wfnr_AAAAAAAAAAAAAAAA',
      status: 'COMPLETED',
      result: 'SUCCESS',
      logs: [],
      source: 'executor',
    });
    expect(unknown).toMatchObject({ applied: false, ignored: 'unknown-node-run' });
  });
});
