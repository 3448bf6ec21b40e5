import { type FieldProblem } from '@flowline/contracts';
import { type BlueprintDefinition } from '../blueprints/blueprint.model';
import { isJsonObject } from '../json-values';

export const RULE_OPERATORS = ['=', '!=', 'in', 'contains', 'exists'] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];
export const COMBINATORS = ['and', 'or'] as const;
export type Combinator = (typeof COMBINATORS)[number];

/** What a rule looks at: an entity's own field, one of its properties, or one of its relations. */
export type RuleField =
  | { kind: 'identifier' | 'title' | 'team' | 'blueprint' }
  | { kind: 'property'; name: string }
  | { kind: 'relation'; name: string };

export interface EntityRule {
  field: RuleField;
  operator: RuleOperator;
  /** Absent only for `exists` (which then means "exists: true"). */
  value?: unknown;
}

export interface EntityRuleGroup {
  combinator: Combinator;
  rules: Array<EntityRule | EntityRuleGroup>;
}

export type EntityQueryParse = { ok: true; query: EntityRuleGroup } | { ok: false; problems: FieldProblem[] };

export const MAX_QUERY_DEPTH = 5;
export const MAX_QUERY_RULES = 100;

const OWN_FIELDS = ['identifier', 'title', 'team', 'blueprint'] as const;

/**
 * Reads a search body: `{combinator, rules}` where a rule is `{property, operator, value}` or a nested
 * group. `property` is `identifier`, `title`, `team`, `blueprint` (or Port's `$identifier`, `$title`,
 * `$team`, `$blueprint`),
 * `properties.<x>`, `relations.<x>`, or a bare property identifier as Port writes it.
 */
export function parseEntityQuery(raw: unknown): EntityQueryParse {
  const problems: FieldProblem[] = [];
  const counter = { rules: 0 };
  const query = parseGroup(raw, '', 1, problems, counter);
  if (counter.rules > MAX_QUERY_RULES) {
    problems.push({ path: 'rules', message: `a query has at most ${MAX_QUERY_RULES} rules` });
  }
  return problems.length === 0 && query ? { ok: true, query } : { ok: false, problems };
}

function parseGroup(
  raw: unknown,
  path: string,
  depth: number,
  problems: FieldProblem[],
  counter: { rules: number },
): EntityRuleGroup | undefined {
  const at = (key: string) => (path ? `${path}.${key}` : key);
  if (!isJsonObject(raw)) {
    problems.push({ path, message: 'must be an object with combinator and rules' });
    return undefined;
  }
  if (depth > MAX_QUERY_DEPTH) {
    problems.push({ path, message: `groups nest at most ${MAX_QUERY_DEPTH} deep` });
    return undefined;
  }
  const combinator = raw.combinator;
  if (!isOneOf(COMBINATORS, combinator))
    problems.push({ path: at('combinator'), message: 'must be "and" or "or"' });
  if (!Array.isArray(raw.rules)) {
    problems.push({ path: at('rules'), message: 'must be an array' });
    return undefined;
  }
  const rules = raw.rules.map((rule: unknown, i) => {
    const rulePath = `${at('rules')}[${i}]`;
    if (isJsonObject(rule) && 'combinator' in rule)
      return parseGroup(rule, rulePath, depth + 1, problems, counter);
    counter.rules += 1;
    return parseRule(rule, rulePath, problems);
  });
  if (!isOneOf(COMBINATORS, combinator) || rules.some((rule) => rule === undefined)) return undefined;
  return { combinator, rules: rules as Array<EntityRule | EntityRuleGroup> };
}

function parseRule(raw: unknown, path: string, problems: FieldProblem[]): EntityRule | undefined {
  if (!isJsonObject(raw)) {
    problems.push({
      path,
      message: 'must be a rule {property, operator, value} or a group {combinator, rules}',
    });
    return undefined;
  }
  const field = parseField(raw.property);
  if (!field)
    problems.push({ path: `${path}.property`, message: 'must name a field, e.g. "title" or "properties.x"' });
  const operator = raw.operator;
  if (!isOneOf(RULE_OPERATORS, operator)) {
    problems.push({ path: `${path}.operator`, message: `must be one of: ${RULE_OPERATORS.join(', ')}` });
    return undefined;
  }
  const valueProblem = checkRuleValue(operator, raw.value);
  if (valueProblem) problems.push({ path: `${path}.value`, message: valueProblem });
  if (!field || valueProblem) return undefined;
  return raw.value === undefined ? { field, operator } : { field, operator, value: raw.value };
}

function parseField(property: unknown): RuleField | undefined {
  if (typeof property !== 'string' || property === '') return undefined;
  const own = property.startsWith('$') ? property.slice(1) : property;
  if (isOneOf(OWN_FIELDS, own)) return { kind: own };
  const [scope, ...rest] = property.split('.');
  const name = rest.join('.');
  if (scope === 'properties' && name) return { kind: 'property', name };
  if (scope === 'relations' && name) return { kind: 'relation', name };
  if (property.startsWith('$') || property.includes('.')) return undefined;
  return { kind: 'property', name: property };
}

function checkRuleValue(operator: RuleOperator, value: unknown): string | undefined {
  switch (operator) {
    case '=':
    case '!=':
    case 'contains':
      return value === undefined || value === null
        ? 'is required (use "exists" to test for a missing value)'
        : undefined;
    case 'in':
      return Array.isArray(value) ? undefined : 'must be an array';
    case 'exists':
      return value === undefined || typeof value === 'boolean'
        ? undefined
        : 'must be true, false, or left out';
  }
}

/** Rules may only name properties and relations the blueprint defines (a typo is a 422, not "no results"). */
export function checkQueryAgainstBlueprint(
  query: EntityRuleGroup,
  blueprint: BlueprintDefinition,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const visit = (group: EntityRuleGroup, path: string) =>
    group.rules.forEach((rule, i) => {
      const rulePath = `${path ? `${path}.` : ''}rules[${i}]`;
      if ('combinator' in rule) return visit(rule, rulePath);
      const { field } = rule;
      if (field.kind === 'property' && !blueprint.schema.properties[field.name]) {
        problems.push({
          path: `${rulePath}.property`,
          message: `"${field.name}" is not a property of this blueprint`,
        });
      }
      if (field.kind === 'relation' && !blueprint.relations[field.name]) {
        problems.push({
          path: `${rulePath}.property`,
          message: `"${field.name}" is not a relation of this blueprint`,
        });
      }
    });
  visit(query, '');
  return problems;
}

function isOneOf<T extends string>(allowed: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}
