import { type EntityRuleGroup } from './entity-query';
import { compileEntityQuery } from './entity-query-sql';

const equalsSql = (f: string, v: string) =>
  `(${f} = ${v} OR (jsonb_typeof(${f}) = 'array' AND ${f} @> jsonb_build_array(${v})))`;

describe('compileEntityQuery', () => {
  it('compiles = on an own field to a jsonb comparison with a parameter', () => {
    const query: EntityRuleGroup = {
      combinator: 'and',
      rules: [{ field: { kind: 'identifier' }, operator: '=', value: 'a' }],
    };
    expect(compileEntityQuery(query)).toEqual({
      sql: `(COALESCE(${equalsSql('to_jsonb(e.identifier)', 'CAST(:q0 AS jsonb)')}, false))`,
      params: { q0: '"a"' },
    });
  });

  it('names properties and relations by parameter, never by splicing the name', () => {
    const query: EntityRuleGroup = {
      combinator: 'or',
      rules: [
        { field: { kind: 'property', name: "x'); drop table e; --" }, operator: '!=', value: 1 },
        { field: { kind: 'relation', name: 'team' }, operator: 'exists' },
      ],
    };
    const { sql, params } = compileEntityQuery(query);
    expect(sql).toBe(
      `(NOT COALESCE(${equalsSql('(e.properties -> :q0)', 'CAST(:q1 AS jsonb)')}, false) OR ` +
        `((e.relations -> :q2) IS NOT NULL AND jsonb_typeof((e.relations -> :q2)) <> 'null'))`,
    );
    expect(params).toEqual({ q0: "x'); drop table e; --", q1: '1', q2: 'team' });
  });

  it('compiles in over the listed values and contains as substring or element', () => {
    const query: EntityRuleGroup = {
      combinator: 'and',
      rules: [
        { field: { kind: 'team' }, operator: 'in', value: ['a', 'b'] },
        { field: { kind: 'title' }, operator: 'contains', value: 'out' },
      ],
    };
    const { sql, params } = compileEntityQuery(query);
    expect(sql).toBe(
      `(COALESCE(EXISTS (SELECT 1 FROM jsonb_array_elements(CAST(:q0 AS jsonb)) AS candidate(value) WHERE ${equalsSql('e.team', 'candidate.value')}), false) AND ` +
        `COALESCE((jsonb_typeof(to_jsonb(e.title)) = 'string' AND jsonb_typeof(CAST(:q1 AS jsonb)) = 'string' AND strpos(to_jsonb(e.title) #>> '{}', CAST(:q1 AS jsonb) #>> '{}') > 0) OR (jsonb_typeof(to_jsonb(e.title)) = 'array' AND to_jsonb(e.title) @> jsonb_build_array(CAST(:q1 AS jsonb))), false))`,
    );
    expect(params).toEqual({ q0: '["a","b"]', q1: '"out"' });
  });

  it('negates exists for value false', () => {
    const query: EntityRuleGroup = {
      combinator: 'and',
      rules: [{ field: { kind: 'title' }, operator: 'exists', value: false }],
    };
    expect(compileEntityQuery(query).sql).toBe(
      `(NOT (to_jsonb(e.title) IS NOT NULL AND jsonb_typeof(to_jsonb(e.title)) <> 'null'))`,
    );
  });

  it('nests groups in parentheses, and empty groups are TRUE for and, FALSE for or', () => {
    const query: EntityRuleGroup = {
      combinator: 'or',
      rules: [
        { combinator: 'and', rules: [] },
        { combinator: 'or', rules: [] },
        { combinator: 'and', rules: [{ field: { kind: 'title' }, operator: 'exists' }] },
      ],
    };
    expect(compileEntityQuery(query).sql).toBe(
      `(TRUE OR FALSE OR ((to_jsonb(e.title) IS NOT NULL AND jsonb_typeof(to_jsonb(e.title)) <> 'null')))`,
    );
  });

  it('uses the alias it is given', () => {
    const query: EntityRuleGroup = {
      combinator: 'and',
      rules: [{ field: { kind: 'team' }, operator: 'exists' }],
    };
    expect(compileEntityQuery(query, 'x').sql).toContain('x.team');
  });
});
