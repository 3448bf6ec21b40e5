import type { JqError } from '../errors';
import type { Outcome } from '../engine/outcome';
import { findTemplates } from './find-templates';

/**
 * How a JSON value with `{{ }}` templates is rendered, once every expression has an outcome:
 * - a string that is exactly one template becomes the template's value: its single output, null when
 *   it has none, and an array of all outputs when it has several (jq-wasm's classic `json()` rule);
 * - a string mixing text and templates becomes a string: each template's value is inserted as is when
 *   it is a string, as JSON text otherwise (null becomes "null");
 * - object keys are rendered too, always as strings (mixed-text rule);
 * - other values are copied unchanged.
 * The first failing template (in document order) fails the whole render with its error and `path`.
 */
export interface TemplatePlan {
  /** Distinct expressions, in document order. */
  expressions: string[];
  render(outcomes: ReadonlyMap<string, Outcome>): unknown;
}

type Render = (outcomes: ReadonlyMap<string, Outcome>) => unknown;

export function planTemplate(value: unknown): TemplatePlan {
  const expressions = new Set<string>();
  const render = planValue(value, '', expressions);
  return { expressions: [...expressions], render };
}

function planValue(value: unknown, path: string, expressions: Set<string>): Render {
  if (typeof value === 'string') return planString(value, path, expressions, false);
  if (Array.isArray(value)) {
    const items = value.map((item, index) => planValue(item, `${path}[${index}]`, expressions));
    return (outcomes) => items.map((item) => item(outcomes));
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value).map((key) => {
      const childPath = path + keyPath(key);
      return {
        key: planString(key, childPath, expressions, true),
        value: planValue((value as Record<string, unknown>)[key], childPath, expressions),
      };
    });
    return (outcomes) => {
      const result: Record<string, unknown> = {};
      for (const entry of entries) {
        const key = entry.key(outcomes) as string;
        const item = entry.value(outcomes);
        if (key === '__proto__') {
          Object.defineProperty(result, key, {
            value: item,
            writable: true,
            enumerable: true,
            configurable: true,
          });
        } else {
          result[key] = item;
        }
      }
      return result;
    };
  }
  return () => value;
}

function planString(text: string, path: string, expressions: Set<string>, asText: boolean): Render {
  const { parts, whole } = findTemplates(text);
  if (parts.length === 0) return () => text;
  for (const part of parts) expressions.add(part.expression);
  const valueOf = (expression: string, outcomes: ReadonlyMap<string, Outcome>): unknown => {
    const outcome = outcomes.get(expression) as Outcome;
    if (!outcome.ok) throw withPath(outcome.error, path || '$');
    const { outputs } = outcome;
    return outputs.length === 0 ? null : outputs.length === 1 ? outputs[0] : outputs;
  };
  if (whole && !asText) return (outcomes) => valueOf(parts[0].expression, outcomes);
  return (outcomes) => {
    let rendered = '';
    let at = 0;
    for (const part of parts) {
      const v = valueOf(part.expression, outcomes);
      rendered += text.slice(at, part.start) + (typeof v === 'string' ? v : JSON.stringify(v));
      at = part.end;
    }
    return rendered + text.slice(at);
  };
}

function keyPath(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function withPath(error: JqError, path: string): JqError {
  error.path = path.startsWith('.') ? path.slice(1) : path;
  return error;
}
