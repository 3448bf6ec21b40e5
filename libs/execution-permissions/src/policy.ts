import { type Caller, userFacts } from './caller';
import { isObject } from './permission-rules';

/** A catalog search: Port's `{ combinator, rules }`, without the `$blueprint` rule it was named by. */
export interface EntitySearch {
  combinator: 'and' | 'or';
  rules: unknown[];
}

/** What evaluating a policy needs from outside: JQ and the catalog (the caller injects both). */
export interface PolicyPorts {
  /** Renders the `{{ expr }}` templates in a JSON value. */
  render(value: unknown, context: unknown): Promise<unknown>;
  /** The first output of a JQ expression. */
  evaluate(expression: string, input: unknown): Promise<unknown>;
  /** The entities of one blueprint matching the search. */
  searchEntities(blueprint: string, search: EntitySearch): Promise<unknown[]>;
}

/** A policy that cannot be evaluated as written (the workflow author's mistake); it admits nobody. */
export class InvalidPolicyError extends Error {
  readonly code = 'INVALID_POLICY';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`policy.${path}: ${reason}`);
  }
}

export type PolicyOutcome = { admitted: true } | { admitted: false; reason: string };

/**
 * A dynamic permission as in Port's action policies: `{ queries: { name: { combinator, rules } },
 * conditions: ["jq", ...] }`. Each query is rendered (`{{ .inputs.x }}`, `{{ .user.email }}`) and run
 * against the catalog; it must name its blueprint with a `$blueprint =` rule. Then every condition is
 * evaluated on `{ results: { name: { entities } }, inputs, user, trigger: { user } }`: the policy admits
 * the caller when all of them are `true`.
 */
export async function evaluatePolicy(
  policy: Record<string, unknown>,
  caller: Caller,
  inputs: Record<string, unknown>,
  ports: PolicyPorts,
): Promise<PolicyOutcome> {
  const { queries, conditions } = readPolicy(policy);
  const user = userFacts(caller);
  const context = { inputs, user, trigger: { user } };
  const results: Record<string, { entities: unknown[] }> = {};
  for (const [name, query] of Object.entries(queries)) {
    let rendered: unknown;
    try {
      rendered = await ports.render(query, context);
    } catch (error) {
      throw new InvalidPolicyError(`queries.${name}`, error instanceof Error ? error.message : String(error));
    }
    const { blueprint, search } = blueprintSearchOf(rendered, `queries.${name}`);
    results[name] = { entities: await ports.searchEntities(blueprint, search) };
  }
  for (const [i, condition] of conditions.entries()) {
    let value: unknown;
    try {
      value = await ports.evaluate(condition, { ...context, results });
    } catch (error) {
      throw new InvalidPolicyError(
        `conditions[${i}]`,
        error instanceof Error ? error.message : String(error),
      );
    }
    if (value !== true) return { admitted: false, reason: `the policy condition "${condition}" is not true` };
  }
  return { admitted: true };
}

function readPolicy(policy: Record<string, unknown>): {
  queries: Record<string, unknown>;
  conditions: string[];
} {
  const { queries, conditions } = policy;
  if (!isObject(queries)) throw new InvalidPolicyError('queries', 'must be an object of named queries');
  if (
    !Array.isArray(conditions) ||
    conditions.length === 0 ||
    !conditions.every((c) => typeof c === 'string')
  ) {
    throw new InvalidPolicyError('conditions', 'must be a non-empty array of JQ expressions');
  }
  return { queries, conditions: conditions as string[] };
}

/** Takes the top-level `$blueprint =` rule out of a query: it says which blueprint to search. */
function blueprintSearchOf(query: unknown, path: string): { blueprint: string; search: EntitySearch } {
  if (!isObject(query) || !Array.isArray(query['rules'])) {
    throw new InvalidPolicyError(path, 'must be { combinator, rules }');
  }
  const combinator = query['combinator'] ?? 'and';
  if (combinator !== 'and' && combinator !== 'or')
    throw new InvalidPolicyError(`${path}.combinator`, 'must be and/or');
  const isBlueprintRule = (rule: unknown) =>
    isObject(rule) &&
    rule['property'] === '$blueprint' &&
    rule['operator'] === '=' &&
    typeof rule['value'] === 'string';
  const blueprintRule = query['rules'].find(isBlueprintRule) as { value: string } | undefined;
  if (!blueprintRule || (combinator === 'or' && query['rules'].length > 1)) {
    throw new InvalidPolicyError(
      `${path}.rules`,
      'must name its blueprint with a rule { property: "$blueprint", operator: "=", value } (and-combined)',
    );
  }
  const rules = query['rules'].filter((rule) => !isBlueprintRule(rule));
  return { blueprint: blueprintRule.value, search: { combinator: 'and', rules } };
}
