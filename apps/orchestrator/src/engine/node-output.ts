import { describeJqError, type ExpressionEvaluator } from './expression-evaluator';
import type { TemplateContext } from './run-effects';
import type { JsonObject } from './run-state';

/** Size limits that keep one run from growing without bound; over a limit the node fails, clearly. */
export interface RunLimits {
  /** A node's stored output (after `variables`), as UTF-8 JSON text. */
  maxNodeOutputBytes: number;
  /** What an executor or a PATCH may report for one node run (before `variables` pick from it). */
  maxReportedOutputBytes: number;
  /** `variables.outputs` of the whole run: what every later node's template context carries. */
  maxRunContextBytes: number;
}

export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? 'null', 'utf8');
}

export type ShapedOutput = { ok: true; output: JsonObject } | { ok: false; message: string };

/**
 * Applies a node's `variables` to its raw output (reference §8.3). Empty `variables` keep the raw output;
 * otherwise the rendered variables replace it entirely, and a variable that renders to null is dropped
 * (`"response": "{{ null }}"`). The raw output is the JQ root (beta: `.response…`) and also `.result`
 * (later docs: `.result.response…`), next to `.outputs` and the run metadata, which win on a clash.
 */
export async function applyVariables(
  expressions: ExpressionEvaluator,
  variables: Record<string, string | null> | undefined,
  raw: JsonObject,
  context: TemplateContext,
): Promise<ShapedOutput> {
  if (!variables || Object.keys(variables).length === 0) return { ok: true, output: raw };
  const input = { ...raw, result: raw, ...context };
  let rendered: unknown;
  try {
    rendered = await expressions.renderTemplate(variables, input);
  } catch (error) {
    return { ok: false, message: `variables.${describeJqError(error)}` };
  }
  const output: JsonObject = {};
  for (const [key, value] of Object.entries(rendered as JsonObject)) {
    if (value !== null && value !== undefined) output[key] = value;
  }
  return { ok: true, output };
}

/** Why an output may not be stored, or undefined when it fits. */
export function outputLimitProblem(
  limits: RunLimits,
  output: JsonObject,
  outputs: JsonObject,
  nodeIdentifier: string,
): string | undefined {
  const bytes = jsonBytes(output);
  if (bytes > limits.maxNodeOutputBytes) {
    return `the output is ${bytes} bytes, over the limit of ${limits.maxNodeOutputBytes} bytes per node`;
  }
  const total = jsonBytes({ ...outputs, [nodeIdentifier]: output });
  if (total > limits.maxRunContextBytes) {
    return `with this output the run's outputs would be ${total} bytes, over the limit of ${limits.maxRunContextBytes} bytes per run`;
  }
  return undefined;
}
