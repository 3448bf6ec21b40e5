import { toPortForm, withoutEchoedConditions } from './port-form';

const canonical = {
  identifier: 'deploy',
  nodes: [
    { identifier: 'trigger', config: { type: 'SELF_SERVE_TRIGGER', userInputs: { properties: {} } } },
    {
      identifier: 'check-env',
      config: {
        type: 'CONDITION',
        options: [
          { identifier: 'production', title: 'Production', expression: '.outputs.trigger.env == "prod"' },
          { identifier: 'staging', expression: '.outputs.trigger.env == "staging"' },
        ],
      },
      variables: {},
    },
    {
      identifier: 'a',
      config: { type: 'WEBHOOK', url: 'https://a.example', method: 'POST', synchronized: true },
    },
    {
      identifier: 'b',
      config: { type: 'WEBHOOK', url: 'https://b.example', method: 'POST', synchronized: true },
    },
  ],
  connections: [
    { identifier: 'c1', sourceIdentifier: 'trigger', targetIdentifier: 'check-env' },
    {
      identifier: 'c2',
      sourceIdentifier: 'check-env',
      targetIdentifier: 'a',
      sourceOptionIdentifier: 'production',
    },
    { identifier: 'c3', sourceIdentifier: 'check-env', targetIdentifier: 'b', fallback: true },
  ],
};

describe('the API form of a workflow', () => {
  it('gives every node variables and a CONDITION its conditions and default connection', () => {
    const form = toPortForm(canonical);
    const nodes = form['nodes'] as Array<Record<string, unknown>>;
    expect(nodes[0]['variables']).toEqual({});
    expect(nodes[1]['config']).toEqual({
      ...canonical.nodes[1].config,
      conditions: [
        { title: 'Production', expression: '.outputs.trigger.env == "prod"', connectionIdentifier: 'c2' },
        { title: null, expression: '.outputs.trigger.env == "staging"', connectionIdentifier: null },
      ],
      defaultConnectionIdentifier: 'c3',
    });
    expect(form['connections']).toEqual(canonical.connections);
  });

  it('drops the conditions it added when a read workflow is sent back, and only those', () => {
    const echoed = toPortForm(canonical);
    const back = withoutEchoedConditions(echoed);
    expect((back['nodes'] as Array<Record<string, unknown>>)[1]['config']).toEqual(canonical.nodes[1].config);

    const nodes = structuredClone(echoed['nodes']) as Array<{ config: Record<string, unknown> }>;
    nodes[1].config['defaultConnectionIdentifier'] = 'c2';
    const edited = withoutEchoedConditions({ ...echoed, nodes });
    expect((edited['nodes'] as typeof nodes)[1].config).toHaveProperty('conditions');
  });
});
