import { isDeepStrictEqual } from 'node:util';

/** Who asks to run a self-service trigger. */
export interface Caller {
  actorId: string;
  kind: 'user' | 'machine' | 'service';
  roles: readonly string[];
  email?: string;
}

/**
 * Execution permissions of a SELF_SERVE_TRIGGER, from either place they live: the trigger's
 * `config.permissions` ([L] `{ roles, users, teams, policy }`) and what the workflows service stores per
 * node (reference §10: `{ combinator, rules }`, `{ policy }` or the [L] shape).
 */
export type Permissions = Record<string, unknown>;

export type ExecutionDecision =
  | { outcome: 'allowed'; reason: string }
  | { outcome: 'denied'; reason: string }
  /** Only the `form` rules can still let the caller in: decide again with the validated inputs. */
  | { outcome: 'needs-form' };

type Rule = { property?: { context?: unknown; property?: unknown }; operator?: unknown; value?: unknown };
const UNKNOWN = Symbol('unknown');
type Operand = unknown | typeof UNKNOWN;

/**
 * May the caller run the trigger? Admins always may. Without any permissions declared anywhere, every
 * member of the org may (Port's beta did not enforce them). Otherwise any one way in suffices: one of the
 * caller's roles is listed, the caller is listed among `users` (actor id or email), or the rules hold.
 * What this service cannot know refuses rather than grants: `teams` (it has no team membership),
 * `policy` (dynamic catalog queries), and rules on `userTeams` or on user properties other than
 * `identifier`, `email`, `roles` and `kind`.
 */
export function decideExecution(
  caller: Caller,
  sources: ReadonlyArray<Permissions | undefined>,
  form?: Record<string, unknown>,
): ExecutionDecision {
  if (isAdmin(caller)) return { outcome: 'allowed', reason: 'admin' };
  const declared = sources.filter(
    (source): source is Permissions => source !== undefined && declares(source),
  );
  if (declared.length === 0) return { outcome: 'allowed', reason: 'no permissions declared' };

  let rulesPending = false;
  for (const source of declared) {
    if (listed(source['roles'], caller.roles)) return { outcome: 'allowed', reason: 'role' };
    if (listed(source['users'], [caller.actorId, ...(caller.email ? [caller.email] : [])]))
      return { outcome: 'allowed', reason: 'user' };
    if (Array.isArray(source['rules']) && source['rules'].length > 0) {
      if (form === undefined) rulesPending = true;
      else if (rulesHold(source['rules'] as Rule[], source['combinator'], caller, form))
        return { outcome: 'allowed', reason: 'rules' };
    }
  }
  if (rulesPending) return { outcome: 'needs-form' };
  return { outcome: 'denied', reason: 'neither a listed role, a listed user, nor matching rules' };
}

/** Admins may run every trigger; nothing else needs to be looked up for them. */
export function isAdmin(caller: Caller): boolean {
  return caller.roles.some((role) => role.toLowerCase() === 'admin');
}

function declares(source: Permissions): boolean {
  return (
    ['roles', 'users', 'teams', 'rules'].some((field) => Array.isArray(source[field])) ||
    isObject(source['policy'])
  );
}

/** Names compare case-insensitively: Port spells roles `Admin`/`Member`, Flowline `admin`/`member`. */
function listed(allowed: unknown, names: readonly string[]): boolean {
  if (!Array.isArray(allowed)) return false;
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  return allowed.some((name) => typeof name === 'string' && wanted.has(name.toLowerCase()));
}

function rulesHold(
  rules: Rule[],
  combinator: unknown,
  caller: Caller,
  form: Record<string, unknown>,
): boolean {
  const results = rules.map((rule) => ruleHolds(rule, caller, form));
  return combinator === 'or' ? results.some(Boolean) : results.every(Boolean);
}

function ruleHolds(rule: Rule, caller: Caller, form: Record<string, unknown>): boolean {
  if (!isObject(rule)) return false;
  const left = resolve(rule.property, caller, form);
  if (left === UNKNOWN) return false;
  const operator = rule.operator;
  if (operator === 'empty') return isEmpty(left);
  if (operator === 'notEmpty') return !isEmpty(left);
  const right = isReference(rule.value) ? resolve(rule.value, caller, form) : rule.value;
  if (right === UNKNOWN) return false;
  switch (operator) {
    case '=':
      return isDeepStrictEqual(left, right);
    case '!=':
      return !isDeepStrictEqual(left, right);
    case '>':
    case '<':
    case '>=':
    case '<=':
      return compare(left, right, operator);
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

/** A `{ context, property }` operand; UNKNOWN when this service cannot know its value. */
function resolve(reference: unknown, caller: Caller, form: Record<string, unknown>): Operand {
  if (!isReference(reference)) return UNKNOWN;
  const { context, property } = reference;
  if (context === 'form')
    return Object.prototype.hasOwnProperty.call(form, property) ? form[property] : undefined;
  if (context === 'user') {
    const known: Record<string, unknown> = {
      identifier: caller.actorId,
      email: caller.email,
      roles: [...caller.roles],
      kind: caller.kind,
    };
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

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
