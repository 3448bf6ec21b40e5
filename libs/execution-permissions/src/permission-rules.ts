import { isDeepStrictEqual } from 'node:util';
import { type Caller, userFacts } from './caller';

export type Rule = {
  property?: { context?: unknown; property?: unknown };
  operator?: unknown;
  value?: unknown;
};
const UNKNOWN = Symbol('unknown');
type Operand = unknown | typeof UNKNOWN;

/** Properties of a `userTeams` rule that name a team. */
const TEAM_NAME_PROPERTIES = new Set(['name', 'identifier', '$identifier', 'title', '$title']);
/** Negative operators hold for a user's teams only when they hold for every one of them. */
const NEGATIVE_OPERATORS = new Set(['!=', 'notIn']);

/** Reference §10 rules, combined with `and` (the default) or `or`. */
export function rulesHold(
  rules: Rule[],
  combinator: unknown,
  caller: Caller,
  form: Record<string, unknown>,
): boolean {
  const results = rules.map((rule) => ruleHolds(rule, caller, form));
  return combinator === 'or' ? results.some(Boolean) : results.every(Boolean);
}

/**
 * A rule on `userTeams` is about the user's teams one at a time: `{userTeams, name} = "Rocket"` or
 * `in [...]` holds when one of the teams matches; `!=`/`notIn` when none does; `empty`/`notEmpty` look
 * at whether the user has teams at all.
 */
function ruleHolds(rule: Rule, caller: Caller, form: Record<string, unknown>): boolean {
  if (!isObject(rule)) return false;
  const property = rule.property;
  if (isReference(property) && property.context === 'userTeams') {
    if (!TEAM_NAME_PROPERTIES.has(property.property)) return false;
    const teams = [...(caller.teams ?? [])];
    if (rule.operator === 'empty') return teams.length === 0;
    if (rule.operator === 'notEmpty') return teams.length > 0;
    const holds = (team: string) => compareOperands(team, rule, caller, form);
    return NEGATIVE_OPERATORS.has(rule.operator as string) ? teams.every(holds) : teams.some(holds);
  }
  const left = resolve(property, caller, form);
  if (left === UNKNOWN) return false;
  if (rule.operator === 'empty') return isEmpty(left);
  if (rule.operator === 'notEmpty') return !isEmpty(left);
  return compareOperands(left, rule, caller, form);
}

function compareOperands(left: unknown, rule: Rule, caller: Caller, form: Record<string, unknown>): boolean {
  const right = isReference(rule.value) ? resolve(rule.value, caller, form) : rule.value;
  if (right === UNKNOWN) return false;
  switch (rule.operator) {
    case '=':
      return isDeepStrictEqual(left, right);
    case '!=':
      return !isDeepStrictEqual(left, right);
    case '>':
    case '<':
    case '>=':
    case '<=':
      return compare(left, right, rule.operator);
    case 'in':
      return (
        Array.isArray(right) &&
        (Array.isArray(left)
          ? left.length > 0 && left.every((item) => includes(right, item))
          : includes(right, left))
      );
    case 'notIn':
      return (
        Array.isArray(right) &&
        (Array.isArray(left) ? !left.some((item) => includes(right, item)) : !includes(right, left))
      );
    default:
      return false;
  }
}

/** A `{ context, property }` operand; UNKNOWN when its value cannot be known here. */
function resolve(reference: unknown, caller: Caller, form: Record<string, unknown>): Operand {
  if (!isReference(reference)) return UNKNOWN;
  const { context, property } = reference;
  if (context === 'form')
    return Object.prototype.hasOwnProperty.call(form, property) ? form[property] : undefined;
  if (context === 'user') {
    const known = userFacts(caller);
    return Object.prototype.hasOwnProperty.call(known, property) ? known[property] : UNKNOWN;
  }
  return UNKNOWN;
}

function isReference(value: unknown): value is { context: string; property: string } {
  return (
    isObject(value) &&
    typeof value['context'] === 'string' &&
    typeof value['property'] === 'string' &&
    Object.keys(value).length === 2
  );
}

function compare(left: unknown, right: unknown, operator: '>' | '<' | '>=' | '<='): boolean {
  const comparable =
    (typeof left === 'number' && typeof right === 'number') ||
    (typeof left === 'string' && typeof right === 'string');
  if (!comparable) return false;
  const [a, b] = [left as number | string, right as number | string];
  switch (operator) {
    case '>':
      return a > b;
    case '<':
      return a < b;
    case '>=':
      return a >= b;
    case '<=':
      return a <= b;
  }
}

function includes(list: unknown[], item: unknown): boolean {
  return list.some((candidate) => isDeepStrictEqual(candidate, item));
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isObject(value)) return Object.keys(value).length === 0;
  return false;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
