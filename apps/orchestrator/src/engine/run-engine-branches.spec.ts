import { edge, EngineHarness, type Json, webhook, workflow } from './__tests__/engine-harness';

function condition(identifier: string, options: Array<[string, string]>, extra: Json = {}): Json {
  return {
    identifier,
    config: {
      type: 'CONDITION',
      options: options.map(([id, expression]) => ({ identifier: id, expression })),
    },
    ...extra,
  };
}

/** Reference §7 "Deploy with condition": trigger → condition → two webhooks → one join node. */
const deployWithCondition = workflow(
  [
    condition('check-env', [
      ['production', '.outputs.trigger.environment == "production"'],
      ['non-production', '.outputs.trigger.environment != "production"'],
    ]),
    webhook('deploy-prod'),
    webhook('deploy-non-prod'),
    {
      identifier: 'record-deployment',
      config: {
        type: 'UPSERT_ENTITY',
        blueprintIdentifier: 'service',
        mapping: {
          identifier: '{{ .outputs.trigger.service }}',
          properties: { v: '{{ .outputs.trigger.version }}' },
        },
      },
    },
  ],
  [
    edge('trigger', 'check-env'),
    edge('check-env', 'deploy-prod', { sourceOptionIdentifier: 'production' }),
    edge('check-env', 'deploy-non-prod', { sourceOptionIdentifier: 'non-production' }),
    edge('deploy-prod', 'record-deployment'),
    edge('deploy-non-prod', 'record-deployment'),
  ],
);

describe('RunEngine: CONDITION nodes', () => {
  const h = new EngineHarness();
  afterAll(() => h.close());

  const branching = (fallback: boolean) =>
    workflow(
      [
        condition('check', [
          ['big', '(.outputs.trigger.size | tonumber) > 10'],
          ['any', '(.outputs.trigger.size | tonumber) > 0'],
        ]),
        webhook('big-path'),
        webhook('any-path'),
        ...(fallback ? [webhook('default-path')] : []),
      ],
      [
        edge('trigger', 'check'),
        edge('check', 'big-path', { sourceOptionIdentifier: 'big' }),
        edge('check', 'any-path', { sourceOptionIdentifier: 'any' }),
        ...(fallback ? [edge('check', 'default-path', { fallback: true })] : []),
      ],
    );
  const withFallback = () => branching(true);

  it('follows the first option that is true, even when later ones are true too', async () => {
    await h.start(withFallback(), { size: 50 });
    expect(h.nodeRun('check')).toMatchObject({
      status: 'COMPLETED',
      result: 'SUCCESS',
      nodeType: 'CONDITION',
      selectedOption: 'big',
      output: { selectedOption: 'big', fallback: false },
    });
    expect(h.logsOf('check')).toEqual(['INFO option "big" matched']);
    expect(h.dispatches().map((d) => d.node.identifier)).toEqual(['big-path']);
    expect(h.state.outputs['check']).toEqual({ selectedOption: 'big', fallback: false });
  });

  it('takes the second option when the first is false', async () => {
    await h.start(withFallback(), { size: 5 });
    expect(h.dispatches().map((d) => d.node.identifier)).toEqual(['any-path']);
  });

  it('follows the fallback connection when no option matches', async () => {
    await h.start(withFallback(), { size: 0 });
    expect(h.nodeRun('check').output).toEqual({ selectedOption: null, fallback: true });
    expect(h.dispatches().map((d) => d.node.identifier)).toEqual(['default-path']);
  });

  it('ends the branch without failing when no option matches and there is no fallback', async () => {
    await h.start(branching(false), { size: 0 });
    expect(h.nodeRun('check').output).toEqual({ selectedOption: null, fallback: false });
    expect(h.logsOf('check')).toEqual([
      'INFO no option matched and there is no fallback connection: this branch ends',
    ]);
    expect(h.dispatches()).toEqual([]);
    expect(h.state).toMatchObject({ status: 'COMPLETED', result: 'SUCCESS' });
    expect(h.ranNodes()).toEqual(['trigger', 'check']);
  });

  it('fails the node and the run when an expression errors, with jq’s error in the log', async () => {
    await h.start(withFallback(), { size: 'large' });
    expect(h.nodeRun('check')).toMatchObject({ status: 'COMPLETED', result: 'FAILED' });
    expect(h.logsOf('check')).toEqual([
      expect.stringMatching(/^ERROR the condition failed: option "big" \(options\[0\]\.expression\): .+/),
    ]);
    expect(h.state).toMatchObject({ status: 'COMPLETED', result: 'FAILED' });
    expect(h.dispatches()).toEqual([]);
  });

  it('with onFailure continue, a condition that errors follows its fallback connection', async () => {
    const tolerant = withFallback();
    (tolerant['nodes'] as Json[])[1]['onFailure'] = 'continue';
    await h.start(tolerant, { size: 'large' });
    expect(h.nodeRun('check').result).toBe('FAILED');
    expect(h.dispatches().map((d) => d.node.identifier)).toEqual(['default-path']);
  });
});

describe('RunEngine: fan-out, joins and dead paths', () => {
  const h = new EngineHarness();
  afterAll(() => h.close());

  it('runs the join of the reference "deploy with condition" once, with only one branch taken', async () => {
    await h.start(deployWithCondition, { service: 'svc-a', version: '1.2.3', environment: 'production' });
    expect(h.nodeRun('check-env').output).toEqual({ selectedOption: 'production', fallback: false });
    expect(h.dispatches().map((d) => d.node.identifier)).toEqual(['deploy-prod']);

    await h.report('deploy-prod', { output: { response: { status: 200, data: { id: 'dep-9' } } } });
    // The other branch was not taken: the join does not wait for it.
    const [record] = h.dispatches();
    expect(record).toMatchObject({ backend: 'upsert-entity', node: { identifier: 'record-deployment' } });
    expect(h.dispatches()).toHaveLength(1);

    await h.report('record-deployment', { output: { response: { data: { identifier: 'svc-a' } } } });
    expect(h.state).toMatchObject({ status: 'COMPLETED', result: 'SUCCESS' });
    expect(h.ranNodes()).toEqual(['trigger', 'check-env', 'deploy-prod', 'record-deployment']);
    expect(Object.keys(h.state.outputs).sort()).toEqual([
      'check-env',
      'deploy-prod',
      'record-deployment',
      'trigger',
    ]);
  });

  it('takes the other branch for another environment and still runs the join once', async () => {
    await h.start(deployWithCondition, { service: 'svc-a', version: '1.2.3', environment: 'staging' });
    expect(h.dispatches().map((d) => d.node.identifier)).toEqual(['deploy-non-prod']);
    await h.report('deploy-non-prod');
    await h.report('record-deployment');
    expect(h.ranNodes()).toEqual(['trigger', 'check-env', 'deploy-non-prod', 'record-deployment']);
    expect(h.state.result).toBe('SUCCESS');
  });

  it('runs parallel branches at once and starts their join only when every branch is done', async () => {
    const diamond = workflow(
      [webhook('left'), webhook('right'), webhook('join')],
      [edge('trigger', 'left'), edge('trigger', 'right'), edge('left', 'join'), edge('right', 'join')],
    );
    await h.start(diamond);
    expect(h.dispatches().map((d) => d.node.identifier)).toEqual(['left', 'right']);

    await h.report('right', { output: { r: 1 } });
    expect(h.dispatches()).toEqual([]);
    expect(h.state.status).toBe('IN_PROGRESS');

    await h.report('left', { output: { l: 1 } });
    expect(h.dispatches().map((d) => d.node.identifier)).toEqual(['join']);
    expect(h.dispatches()[0].context.outputs).toMatchObject({ left: { l: 1 }, right: { r: 1 } });
    await h.report('join');
    expect(h.ranNodes().filter((n) => n === 'join')).toHaveLength(1);
    expect(h.state.result).toBe('SUCCESS');
  });

  it('skips everything downstream of a branch not taken, joins included', async () => {
    const chain = workflow(
      [
        condition('gate', [['open', '.outputs.trigger.open']]),
        webhook('step-1'),
        webhook('step-2'),
        webhook('after'),
      ],
      [
        edge('trigger', 'gate'),
        edge('gate', 'step-1', { sourceOptionIdentifier: 'open' }),
        edge('step-1', 'step-2'),
        edge('step-2', 'after'),
        edge('trigger', 'after'),
      ],
    );
    await h.start(chain, { open: false });
    // `after` joins a dead branch and a live edge from the trigger: it runs, once, without waiting.
    expect(h.dispatches().map((d) => d.node.identifier)).toEqual(['after']);
    await h.report('after');
    expect(h.ranNodes()).toEqual(['trigger', 'gate', 'after']);
    expect(h.state.result).toBe('SUCCESS');
  });
});
