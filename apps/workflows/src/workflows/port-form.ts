type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const listOf = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);

/**
 * The API's own CONDITION shape (reference §6, [A]) for a canonical CONDITION node:
 * `conditions[]` of `{title, expression, connectionIdentifier}` plus `defaultConnectionIdentifier`,
 * derived from its options and the connections that leave it.
 */
export function conditionsOf(node: Json, connections: Json[]) {
  const config = isObject(node['config']) ? node['config'] : {};
  const leaving = connections.filter((c) => c['sourceIdentifier'] === node['identifier']);
  const conditions = listOf(config['options']).map((option) => ({
    title: option['title'] ?? null,
    expression: option['expression'],
    connectionIdentifier:
      leaving.find((c) => c['sourceOptionIdentifier'] === option['identifier'])?.['identifier'] ?? null,
  }));
  const fallback = leaving.find((c) => c['fallback'] === true);
  return { conditions, defaultConnectionIdentifier: fallback?.['identifier'] ?? null };
}

/**
 * A canonical definition as the API answers with it (reference §2, [A]): everything normalisation
 * filled (node `variables`, connection `identifier`s, webhook `method`/`synchronized`, `connections`),
 * and every CONDITION in the API's `conditions` shape with the `options` form beside it.
 */
export function toPortForm(canonical: Json): Json {
  const connections = listOf(canonical['connections']);
  const nodes = listOf(canonical['nodes']).map((node) => {
    const config = isObject(node['config']) ? node['config'] : {};
    const withVariables = { ...node, variables: isObject(node['variables']) ? node['variables'] : {} };
    if (config['type'] !== 'CONDITION') return withVariables;
    return { ...withVariables, config: { ...config, ...conditionsOf(node, connections) } };
  });
  return { ...canonical, nodes, connections };
}

/**
 * A workflow read from the API and sent back (PUT) carries a CONDITION in both shapes. The `conditions`
 * this API added are dropped when they say exactly what `options` and the connections say; anything
 * else is left for validation to report as conflicting shapes.
 */
export function withoutEchoedConditions(body: Json): Json {
  if (!Array.isArray(body['nodes'])) return body;
  const connections = listOf(body['connections']);
  const nodes = (body['nodes'] as unknown[]).map((node) => {
    if (!isObject(node) || !isObject(node['config'])) return node;
    const config = node['config'];
    if (config['type'] !== 'CONDITION' || !('options' in config) || !('conditions' in config)) return node;
    const derived = conditionsOf(node, connections);
    const sent = {
      conditions: listOf(config['conditions']).map((c) => ({ title: null, ...c })),
      defaultConnectionIdentifier: config['defaultConnectionIdentifier'] ?? null,
    };
    if (JSON.stringify(sent) !== JSON.stringify(derived)) return node;
    const { conditions: _c, defaultConnectionIdentifier: _d, ...rest } = config;
    return { ...node, config: rest };
  });
  return { ...body, nodes };
}
