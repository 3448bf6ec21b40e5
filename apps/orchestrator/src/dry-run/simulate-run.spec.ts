import { edge, EngineHarness, webhook, workflow } from '../engine/__tests__/engine-harness';
import { secretPlaceholders } from './secret-placeholders';
import { simulateRun } from './simulate-run';

const condition = {
  identifier: 'check',
  config: {
    type: 'CONDITION',
    options: [{ identifier: 'prod', expression: '.outputs.trigger.env == "production"' }],
  },
};

const branching = workflow(
  [
    condition,
    webhook('deploy', {}, { headers: { Authorization: 'Bearer {{ .secrets["deploy-token"] }}' } }),
    webhook('preview', { variables: { url: '{{ .response.url }}' } }),
    webhook('notify', {}, { body: { link: '{{ .outputs.preview.url }}' } }),
  ],
  [
    edge('trigger', 'check'),
    edge('check', 'deploy', { sourceOptionIdentifier: 'prod' }),
    edge('check', 'preview', { fallback: true }),
    edge('preview', 'notify'),
  ],
);

describe('simulateRun', () => {
  const h = new EngineHarness();
  afterAll(() => h.jq.close());

  const dryRun = (triggerOutput: Record<string, unknown>, sampleOutputs = {}) =>
    simulateRun(h.engine, h.jq, {
      workflow: branching,
      workflowVersion: 3,
      orgId: 'org_a',
      by: { actorId: 'u1', kind: 'user' },
      triggerOutput,
      sampleOutputs,
    });

  it('follows the matched option, renders what the node would send, secrets by name', async () => {
    const result = await dryRun({ env: 'production' });
    expect(result.result).toBe('SUCCESS');
    expect(result.path).toEqual(['trigger', 'check', 'deploy']);
    expect(result.notReached).toEqual(['preview', 'notify']);
    const deploy = result.nodes.find((node) => node.identifier === 'deploy');
    expect(deploy?.request).toMatchObject({
      url: 'https://hooks.example.com/deploy?env=production',
      headers: { Authorization: 'Bearer [secret:deploy-token]' },
    });
    expect(result.nodes.find((node) => node.identifier === 'check')?.selectedOption).toBe('prod');
  });

  it('feeds pretended outputs through variables into later nodes (the fallback branch)', async () => {
    const result = await dryRun(
      { env: 'staging' },
      { preview: { response: { url: 'https://pr-7.example' } } },
    );
    expect(result.path).toEqual(['trigger', 'check', 'preview', 'notify']);
    expect(result.nodes.find((node) => node.identifier === 'notify')?.request).toMatchObject({
      body: { link: 'https://pr-7.example' },
    });
  });

  it('stops at a template that fails, naming the node, the config path and the expression', async () => {
    const broken = workflow(
      [webhook('deploy', {}, { body: { n: '{{ .outputs.trigger.env | tonumber }}' } })],
      [edge('trigger', 'deploy')],
    );
    const result = await simulateRun(h.engine, h.jq, {
      workflow: broken,
      workflowVersion: 1,
      orgId: 'org_a',
      by: { actorId: 'u1', kind: 'user' },
      triggerOutput: { env: 'production' },
    });
    expect(result.result).toBe('FAILED');
    expect(result.nodes.find((node) => node.identifier === 'deploy')?.error).toMatchObject({
      node: 'deploy',
      path: 'config.body.n',
      expression: '.outputs.trigger.env | tonumber',
    });
  });
});

describe('secretPlaceholders', () => {
  it('names every secret a config refers to, in either spelling', () => {
    expect(
      secretPlaceholders({
        headers: {
          a: '{{ .secrets.API_KEY }}',
          b: "{{ .secrets['other'] }}",
          c: '{{ .secrets["deploy-token"] }}',
        },
      }),
    ).toEqual({
      API_KEY: '[secret:API_KEY]',
      other: '[secret:other]',
      'deploy-token': '[secret:deploy-token]',
    });
  });
});
