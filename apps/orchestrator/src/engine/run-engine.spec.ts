import { edge, EngineHarness, webhook, workflow } from './__tests__/engine-harness';

describe('RunEngine: a linear run', () => {
  const h = new EngineHarness();
  afterAll(() => h.close());

  const linear = workflow(
    [webhook('first'), webhook('second', {}, { body: { id: '{{ .outputs.first.id }}' } })],
    [edge('trigger', 'first'), edge('first', 'second')],
  );

  it('creates the run, completes the trigger at once with its output, and dispatches the next node', async () => {
    const started = await h.start(linear, { env: 'production' });
    expect(started.applied).toBe(true);
    expect(h.state).toMatchObject({
      status: 'IN_PROGRESS',
      result: null,
      createdBy: 'u1',
      workflowVersion: 3,
    });
    expect(h.nodeRun('trigger')).toMatchObject({
      status: 'COMPLETED',
      result: 'SUCCESS',
      nodeType: 'SELF_SERVE_TRIGGER',
      output: { env: 'production' },
    });
    expect(h.state.outputs).toEqual({ trigger: { env: 'production' } });
    expect(h.nodeRun('first')).toMatchObject({ status: 'IN_PROGRESS', result: null, attempt: 1 });

    const [dispatch] = h.dispatches();
    const first = h.nodeRun('first').identifier;
    expect(h.dispatches()).toHaveLength(1);
    expect(dispatch).toMatchObject({
      backend: 'webhook',
      runId: h.state.identifier,
      nodeRunId: first,
      attempt: 1,
      idempotencyKey: `${first}:1`,
      node: { identifier: 'first', title: 'Call first' },
      context: {
        outputs: { trigger: { env: 'production' } },
        workflow: { identifier: 'deploy', version: 3 },
        workflowRun: { identifier: h.state.identifier, trigger: { by: { actorId: 'u1', kind: 'user' } } },
        workflowNodeRun: { identifier: first },
      },
    });
    // Templates travel intact: the executor renders them (with secrets) itself.
    expect(dispatch.node.config['url']).toBe(
      'https://hooks.example.com/first?env={{ .outputs.trigger.env }}',
    );
    expect(dispatch.context).not.toHaveProperty('secrets');
  });

  it('writes the run, its node runs and one event per status change', () => {
    const kinds = h.effects().map((e) => e.kind);
    expect(kinds.filter((k) => k === 'createRun')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'createNodeRun')).toHaveLength(2);
    expect(h.events()).toEqual([
      expect.objectContaining({
        type: 'NODE_RUN_STATUS_CHANGED',
        nodeIdentifier: 'trigger',
        status: 'COMPLETED',
      }),
      expect.objectContaining({
        type: 'NODE_RUN_STATUS_CHANGED',
        nodeIdentifier: 'first',
        status: 'IN_PROGRESS',
      }),
      { type: 'WORKFLOW_RUN_STATUS_CHANGED', status: 'IN_PROGRESS', result: null },
    ]);
  });

  it('stores a result as the node output and dispatches the following node with it in the context', async () => {
    await h.report('first', { output: { id: 'dep-9' }, logs: [{ logLevel: 'INFO', log: 'POST -> 200' }] });
    expect(h.nodeRun('first')).toMatchObject({
      status: 'COMPLETED',
      result: 'SUCCESS',
      output: { id: 'dep-9' },
    });
    expect(h.logsOf('first')).toEqual(['INFO POST -> 200']);
    expect(h.dispatches().map((d) => d.node.identifier)).toEqual(['second']);
    expect(h.dispatches()[0].context.outputs).toEqual({
      trigger: { env: 'production' },
      first: { id: 'dep-9' },
    });
    expect(h.state.status).toBe('IN_PROGRESS');
  });

  it('completes the run with SUCCESS when the last node succeeds', async () => {
    await h.report('second', { output: { ok: 1 } });
    expect(h.state).toMatchObject({ status: 'COMPLETED', result: 'SUCCESS' });
    expect(h.state.completedAt).toEqual(h.now);
    expect(h.ranNodes()).toEqual(['trigger', 'first', 'second']);
    expect(h.events().at(-1)).toEqual({
      type: 'WORKFLOW_RUN_STATUS_CHANGED',
      status: 'COMPLETED',
      result: 'SUCCESS',
    });
  });
});

describe('RunEngine: node variables', () => {
  const h = new EngineHarness();
  afterAll(() => h.close());

  it('evaluates variables against the raw output (root and .result) and .outputs; they replace the output', async () => {
    const shaped = webhook('call', {
      variables: {
        resourceId: '{{ .response.data.id }}',
        status: '{{ .result.response.status }}',
        env: '{{ .outputs.trigger.env }}',
        label: 'run {{ .workflowRun.identifier }}',
        response: '{{ null }}',
      },
    });
    await h.start(workflow([shaped], [edge('trigger', 'call')]));
    await h.report('call', { output: { response: { status: 201, data: { id: 'r-1', noise: 'x' } } } });
    expect(h.nodeRun('call').output).toEqual({
      resourceId: 'r-1',
      status: 201,
      env: 'production',
      label: `run ${h.state.identifier}`,
    });
    expect(h.state.outputs['call']).toEqual(h.nodeRun('call').output);
    expect(h.state.result).toBe('SUCCESS');
  });

  it('fails the node (and the run) with the failing variable named when a variable errors', async () => {
    const broken = webhook('call', { variables: { n: '{{ .response.data | tonumber }}' } });
    await h.start(workflow([broken], [edge('trigger', 'call')]));
    await h.report('call', { output: { response: { data: 'not a number' } } });
    expect(h.nodeRun('call')).toMatchObject({ status: 'COMPLETED', result: 'FAILED' });
    expect(h.logsOf('call').join('\n')).toMatch(/ERROR variables\.n: .*not a number/);
    expect(h.state).toMatchObject({ status: 'COMPLETED', result: 'FAILED' });
  });
});

describe('RunEngine: asynchronous nodes', () => {
  const h = new EngineHarness();
  afterAll(() => h.close());

  it('keeps a node in progress on an IN_PROGRESS report and resumes the run when it is PATCHed', async () => {
    const async = webhook('deploy', {}, { synchronized: false });
    await h.start(
      workflow([async, webhook('notify')], [edge('trigger', 'deploy'), edge('deploy', 'notify')]),
    );
    await h.report('deploy', {
      status: 'IN_PROGRESS',
      result: undefined,
      output: { response: { status: 202 } },
    });
    expect(h.nodeRun('deploy')).toMatchObject({
      status: 'IN_PROGRESS',
      output: { response: { status: 202 } },
    });
    expect(h.dispatches()).toEqual([]);
    expect(h.events()).toEqual([]);
    expect(h.state.status).toBe('IN_PROGRESS');

    await h.report('deploy', {
      source: 'api',
      output: { resourceId: 'abc123' },
      logs: [{ logLevel: 'INFO', log: 'Deployment completed', tags: { env: 'prod' } }],
    });
    expect(h.nodeRun('deploy').output).toEqual({ response: { status: 202 }, resourceId: 'abc123' });
    expect(h.logsOf('deploy')).toEqual(['INFO Deployment completed']);
    expect(h.dispatches().map((d) => d.node.identifier)).toEqual(['notify']);
  });
});

describe('RunEngine: output limits', () => {
  const h = new EngineHarness({
    maxNodeOutputBytes: 100,
    maxReportedOutputBytes: 1000,
    maxRunContextBytes: 200,
  });
  afterAll(() => h.close());

  it('fails a node whose output is over the per-node limit, with a clear log and no crash', async () => {
    await h.start(workflow([webhook('big')], [edge('trigger', 'big')]));
    await h.report('big', { output: { blob: 'x'.repeat(150) } });
    expect(h.nodeRun('big')).toMatchObject({ status: 'COMPLETED', result: 'FAILED' });
    expect(h.logsOf('big').join()).toMatch(/output is \d+ bytes, over the limit of 100 bytes per node/);
    expect(h.state.outputs['big']).toEqual({ error: { message: expect.stringContaining('over the limit') } });
    expect(h.state.result).toBe('FAILED');
  });

  it('fails a node whose output would push the run context over its limit', async () => {
    await h.start(workflow([webhook('a'), webhook('b')], [edge('trigger', 'a'), edge('a', 'b')]), {
      env: 'x'.repeat(60),
    });
    await h.report('a', { output: { v: 'y'.repeat(60) } });
    await h.report('b', { output: { v: 'z'.repeat(60) } });
    expect(h.logsOf('b').join()).toMatch(
      /run's outputs would be \d+ bytes, over the limit of 200 bytes per run/,
    );
    expect(h.state.result).toBe('FAILED');
  });

  it('fails a node whose reported output is over the reporting limit before it is stored', async () => {
    await h.start(workflow([webhook('huge')], [edge('trigger', 'huge')]));
    await h.report('huge', { output: { blob: 'x'.repeat(2000) } });
    expect(h.nodeRun('huge').rawOutput).toEqual({});
    expect(h.logsOf('huge').join()).toMatch(/reported output is \d+ bytes, over the limit of 1000 bytes/);
  });
});
