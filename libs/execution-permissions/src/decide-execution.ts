import { type Caller, isAdmin } from './caller';
import { isObject, type Rule, rulesHold } from './permission-rules';

/**
 * Execution permissions of a SELF_SERVE_TRIGGER, from either place they live: the trigger's
 * `config.permissions` ([L] `{ roles, users, teams, policy }`) and what the workflows service stores per
 * node (reference §10: `{ combinator, rules }`, `{ policy }` or the [L] shape).
 */
export type Permissions = Record<string, unknown>;

export type ExecutionDecision =
  | { outcome: 'allowed'; reason: string }
  | { outcome: 'denied'; reason: string }
  /** Only the `form` rules or a policy can still let the caller in: decide again with the validated inputs. */
  | { outcome: 'needs-form' }
  /** Only a dynamic policy can still let the caller in: evaluate these (any one admits). */
  | { outcome: 'needs-policy'; policies: Record<string, unknown>[] };

/**
 * May the caller run the trigger? Admins always may. Without any permissions declared anywhere, every
 * member of the org may (Port's beta did not enforce them). Otherwise any one way in suffices: one of the
 * caller's roles is listed, the caller is listed among `users` (actor id or email), one of the caller's
 * teams is listed among `teams`, the rules hold, or (checked last, with the inputs) a dynamic `policy`
 * admits the caller. Rules on what cannot be known here (user properties other than `identifier`,
 * `email`, `roles`, `teams` and `kind`) refuse rather than grant.
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

  let formPending = false;
  const policies: Record<string, unknown>[] = [];
  for (const source of declared) {
    if (listed(source['roles'], caller.roles)) return { outcome: 'allowed', reason: 'role' };
    if (listed(source['users'], [caller.actorId, ...(caller.email ? [caller.email] : [])]))
      return { outcome: 'allowed', reason: 'user' };
    if (listed(source['teams'], caller.teams ?? [])) return { outcome: 'allowed', reason: 'team' };
    if (Array.isArray(source['rules']) && source['rules'].length > 0) {
      if (form === undefined) formPending = true;
      else if (rulesHold(source['rules'] as Rule[], source['combinator'], caller, form))
        return { outcome: 'allowed', reason: 'rules' };
    }
    if (isObject(source['policy'])) policies.push(source['policy']);
  }
  if (form === undefined && (formPending || policies.length > 0)) return { outcome: 'needs-form' };
  if (policies.length > 0) return { outcome: 'needs-policy', policies };
  return {
    outcome: 'denied',
    reason: 'neither a listed role, user or team, nor matching rules',
  };
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
