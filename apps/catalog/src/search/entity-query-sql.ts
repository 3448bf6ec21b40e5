import { type EntityRule, type EntityRuleGroup, type RuleField } from './entity-query';

/** A SQL condition over the `entities` table with TypeORM named parameters (`:q0`, `:q1`, ...). */
export interface SqlCondition {
  sql: string;
  params: Record<string, unknown>;
}

/**
 * Compiles a parsed query into one SQL condition. Every field is compared as jsonb, so the same rule
 * works on text columns, properties and relations; a rule on an array (team, a "many" relation, an
 * array property) matches when any element does. Values only ever travel as parameters.
 *
 * Semantics per operator:
 * - `=`: the field equals the value, or is an array holding it; `!=` is its negation (unset counts as "not equal").
 * - `in`: `=` against any of the listed values.
 * - `contains`: a string field holds the value as a substring (case-sensitive), or an array field holds it as an element.
 * - `exists`: the field is set and not null (`value: false` inverts it).
 */
export function compileEntityQuery(query: EntityRuleGroup, alias = 'e'): SqlCondition {
  const params: Record<string, unknown> = {};
  const param = (value: unknown, asJson: boolean): string => {
    const name = `q${Object.keys(params).length}`;
    params[name] = asJson ? JSON.stringify(value) : value;
    return asJson ? `CAST(:${name} AS jsonb)` : `:${name}`;
  };

  const field = (target: RuleField): string => {
    switch (target.kind) {
      case 'identifier':
        return `to_jsonb(${alias}.identifier)`;
      case 'title':
        return `to_jsonb(${alias}.title)`;
      case 'team':
        return `${alias}.team`;
      case 'blueprint':
        return `to_jsonb(${alias}.blueprint)`;
      case 'property':
        return `(${alias}.properties -> ${param(target.name, false)})`;
      case 'relation':
        return `(${alias}.relations -> ${param(target.name, false)})`;
    }
  };

  const equals = (f: string, value: string) =>
    `(${f} = ${value} OR (jsonb_typeof(${f}) = 'array' AND ${f} @> jsonb_build_array(${value})))`;

  const rule = ({ field: target, operator, value }: EntityRule): string => {
    const f = field(target);
    switch (operator) {
      case '=':
        return `COALESCE(${equals(f, param(value, true))}, false)`;
      case '!=':
        return `NOT COALESCE(${equals(f, param(value, true))}, false)`;
      case 'in':
        return `COALESCE(EXISTS (SELECT 1 FROM jsonb_array_elements(${param(value, true)}) AS candidate(value) WHERE ${equals(f, 'candidate.value')}), false)`;
      case 'contains': {
        const v = param(value, true);
        return (
          `COALESCE((jsonb_typeof(${f}) = 'string' AND jsonb_typeof(${v}) = 'string' AND strpos(${f} #>> '{}', ${v} #>> '{}') > 0)` +
          ` OR (jsonb_typeof(${f}) = 'array' AND ${f} @> jsonb_build_array(${v})), false)`
        );
      }
      case 'exists': {
        const set = `(${f} IS NOT NULL AND jsonb_typeof(${f}) <> 'null')`;
        return value === false ? `NOT ${set}` : set;
      }
    }
  };

  const group = ({ combinator, rules }: EntityRuleGroup): string => {
    // An empty "and" matches everything, an empty "or" nothing, as in logic.
    if (rules.length === 0) return combinator === 'and' ? 'TRUE' : 'FALSE';
    const parts = rules.map((r) => ('combinator' in r ? group(r) : rule(r)));
    return `(${parts.join(combinator === 'and' ? ' AND ' : ' OR ')})`;
  };

  return { sql: group(query), params };
}
