import { type BlueprintDefinition } from '../blueprints/blueprint.model';
import { checkQueryAgainstBlueprint, type EntityRuleGroup, parseEntityQuery } from './entity-query';

function parsed(raw: unknown): EntityRuleGroup {
  const result = parseEntityQuery(raw);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.query;
}

function problems(raw: unknown): Array<{ path: string; message: string }> {
  const result = parseEntityQuery(raw);
  return result.ok ? [] : result.problems;
}

describe('parseEntityQuery', () => {
  it('reads own fields, Port $-fields, properties and relations, bare property names', () => {
    const query = parsed({
      combinator: 'and',
      rules: [
        { property: 'identifier', operator: '=', value: 'a' },
        { property: '$title', operator: 'contains', value: 'x' },
        { property: '$team', operator: 'in', value: ['t'] },
        { property: 'properties.language', operator: '!=', value: 'go' },
        { property: 'relations.team', operator: 'exists' },
        { property: 'replicas', operator: '=', value: 2 },
      ],
    });
    expect(query.rules.map((rule) => ('field' in rule ? rule.field : undefined))).toEqual([
      { kind: 'identifier' },
      { kind: 'title' },
      { kind: 'team' },
      { kind: 'property', name: 'language' },
      { kind: 'relation', name: 'team' },
      { kind: 'property', name: 'replicas' },
    ]);
  });

  it('reads nested groups', () => {
    const query = parsed({
      combinator: 'or',
      rules: [{ combinator: 'and', rules: [{ property: 'title', operator: 'exists', value: false }] }],
    });
    expect(query).toEqual({
      combinator: 'or',
      rules: [{ combinator: 'and', rules: [{ field: { kind: 'title' }, operator: 'exists', value: false }] }],
    });
  });

  it('reports every bad rule with its path', () => {
    expect(
      problems({
        combinator: 'xor',
        rules: [
          { property: '', operator: '=', value: 1 },
          { property: 'title', operator: 'like', value: 'x' },
          { property: 'title', operator: 'in', value: 'x' },
          { property: 'title', operator: '=' },
          { property: 'title', operator: 'exists', value: 'yes' },
          { property: '$createdAt', operator: '=', value: 'x' },
          { combinator: 'and', rules: 'none' },
          7,
        ],
      }),
    ).toEqual([
      { path: 'combinator', message: 'must be "and" or "or"' },
      { path: 'rules[0].property', message: 'must name a field, e.g. "title" or "properties.x"' },
      { path: 'rules[1].operator', message: 'must be one of: =, !=, in, contains, exists' },
      { path: 'rules[2].value', message: 'must be an array' },
      { path: 'rules[3].value', message: 'is required (use "exists" to test for a missing value)' },
      { path: 'rules[4].value', message: 'must be true, false, or left out' },
      { path: 'rules[5].property', message: 'must name a field, e.g. "title" or "properties.x"' },
      { path: 'rules[6].rules', message: 'must be an array' },
      {
        path: 'rules[7]',
        message: 'must be a rule {property, operator, value} or a group {combinator, rules}',
      },
    ]);
  });

  it('limits nesting depth and rule count', () => {
    let deep: unknown = { combinator: 'and', rules: [] };
    for (let i = 0; i < 6; i += 1) deep = { combinator: 'and', rules: [deep] };
    expect(problems(deep)).toEqual([
      { path: 'rules[0].rules[0].rules[0].rules[0].rules[0]', message: 'groups nest at most 5 deep' },
    ]);
    const many = {
      combinator: 'or',
      rules: Array.from({ length: 101 }, () => ({ property: 'title', operator: 'exists' })),
    };
    expect(problems(many)).toEqual([{ path: 'rules', message: 'a query has at most 100 rules' }]);
  });
});

describe('checkQueryAgainstBlueprint', () => {
  const blueprint: BlueprintDefinition = {
    identifier: 'service',
    title: 'Service',
    icon: null,
    description: null,
    schema: { properties: { language: { type: 'string' } }, required: [] },
    relations: { team: { target: 'team', many: false, required: false } },
  };

  it('refuses properties and relations the blueprint does not define', () => {
    const query = parsed({
      combinator: 'and',
      rules: [
        { property: 'language', operator: '=', value: 'go' },
        { property: 'properties.colour', operator: '=', value: 'red' },
        { combinator: 'or', rules: [{ property: 'relations.owner', operator: 'exists' }] },
        { property: 'relations.team', operator: 'exists' },
      ],
    });
    expect(checkQueryAgainstBlueprint(query, blueprint)).toEqual([
      { path: 'rules[1].property', message: '"colour" is not a property of this blueprint' },
      { path: 'rules[2].rules[0].property', message: '"owner" is not a relation of this blueprint' },
    ]);
  });
});
