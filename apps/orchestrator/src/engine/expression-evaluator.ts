/**
 * The JQ the engine needs, injected so the engine stays free of worker pools and can be driven by unit
 * tests. `@flowline/jq`'s JqEngine satisfies it; both methods reject with an error whose `message` is
 * jq's and whose optional `path` names the failing template inside a value.
 */
export interface ExpressionEvaluator {
  /** The first output of a bare JQ expression, or undefined when it has none. */
  evaluateFirst(expression: string, input: unknown): Promise<unknown>;
  /** Renders every `{{ }}` template inside a JSON value. */
  renderTemplate(value: unknown, context: unknown): Promise<unknown>;
}

/** An evaluation error as one line, with the template path when there is one. */
export function describeJqError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const path = (error as { path?: unknown } | null)?.path;
  return typeof path === 'string' && path.length > 0 ? `${path}: ${message}` : message;
}
