import { type Caller } from './caller';
import { evaluatePolicy, type EntitySearch, InvalidPolicyError, type PolicyPorts } from './policy';

const owner: Caller = {
  actorId: 'u-a',
  email: 'a@acme.io',
  kind: 'user',
  roles: ['member'],
  teams: ['Rocket'],
};

const entities = [{ identifier: 'checkout', blueprint: 'service', properties: { owner: 'a@acme.io' } }];

/** Ports standing in for JQ and the catalog, enough for the shapes evaluated here. */
function ports(searches: Array<{ blueprint: string; search: EntitySearch }>): PolicyPorts {
  const render = (value: unknown, context: Record<string, unknown>): unknown => {
    if (typeof value === 'string') {
      const m = /^\{\{\s*\.(\w+)\.(\w+)\s*\}\}$/.exec(value);
      return m ? (context[m[1]] as Record<string, unknown>)[m[2]] : value;
    }
    if (Array.isArray(value)) return value.map((item) => render(item, context));
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, render(v, context)]));
    return value;
  };
  return {
    render: async (value, context) => render(value, context as Record<string, unknown>),
    evaluate: async (expression, input) => {
      if (expression === 'boom') throw new Error('jq: error');
      const results = (input as { results: Record<string, { entities: unknown[] }> }).results;
      return expression === '.results.owned.entities | length > 0'
        ? results['owned'].entities.length > 0
        : false;
    },
    searchEntities: async (blueprint, search) => {
      searches.push({ blueprint, search });
      const [identifierRule, ownerRule] = search.rules as Array<{ value: unknown }>;
      return entities.filter(
        (e) => e.identifier === identifierRule.value && e.properties.owner === ownerRule.value,
      );
    },
  };
}

const ownersOnly = {
  queries: {
    owned: {
      combinator: 'and',
      rules: [
        { property: '$blueprint', operator: '=', value: 'service' },
        { property: '$identifier', operator: '=', value: '{{ .inputs.service }}' },
        { property: 'owner', operator: '=', value: '{{ .user.email }}' },
      ],
    },
  },
  conditions: ['.results.owned.entities | length > 0'],
};

describe('dynamic policies', () => {
  it('searches the named blueprint with the rendered rules, then admits when the conditions are true', async () => {
    const searches: Array<{ blueprint: string; search: EntitySearch }> = [];
    await expect(
      evaluatePolicy(ownersOnly, owner, { service: 'checkout' }, ports(searches)),
    ).resolves.toEqual({
      admitted: true,
    });
    expect(searches).toEqual([
      {
        blueprint: 'service',
        search: {
          combinator: 'and',
          rules: [
            { property: '$identifier', operator: '=', value: 'checkout' },
            { property: 'owner', operator: '=', value: 'a@acme.io' },
          ],
        },
      },
    ]);
  });

  it('refuses another user', async () => {
    const other: Caller = { ...owner, actorId: 'u-b', email: 'b@acme.io' };
    await expect(
      evaluatePolicy(ownersOnly, other, { service: 'checkout' }, ports([])),
    ).resolves.toMatchObject({
      admitted: false,
    });
  });

  it.each([
    [{ queries: ownersOnly.queries }, 'conditions'],
    [{ queries: { q: { rules: [] } }, conditions: ['true'] }, 'queries.q.rules'],
    [{ ...ownersOnly, conditions: ['boom'] }, 'conditions[0]'],
  ])('says where a policy cannot be evaluated: %j', async (policy, path) => {
    const failure = await evaluatePolicy(policy, owner, { service: 'checkout' }, ports([])).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(InvalidPolicyError);
    expect((failure as InvalidPolicyError).path).toBe(path);
  });
});
