import type { Json } from '../fast/json';
import { type InputShape, inspectInput } from './input-shape';

/**
 * One evaluation's input, with the work on it done lazily and once: its JSON text (needed by the
 * reference engine and for inputs that are not plain JSON) and its shape (size bounds, plainness).
 */
export class PreparedInput {
  private shape?: InputShape;
  private json?: string;

  constructor(readonly value: unknown) {}

  get text(): string {
    return (this.json ??= inputText(this.value));
  }

  /** Whether the input's UTF-8 JSON text is longer than `maxBytes`. */
  exceeds(maxBytes: number): boolean {
    const shape = (this.shape ??= inspectInput(this.value));
    if (shape.plain && shape.maxBytes <= maxBytes) return false;
    if (shape.plain && shape.minBytes > maxBytes) return true;
    return exceedsBytes(this.text, maxBytes);
  }

  /** The input as jq sees it, for the fast path; undefined when only jq can read it faithfully. */
  fastValue(): Json | undefined {
    const shape = (this.shape ??= inspectInput(this.value));
    return shape.plain ? (this.value as Json) : normalizedInput(this.value, this.text);
  }
}

/** The input as jq receives it: JSON text (`undefined` and other non-JSON values become null). */
export function inputText(input: unknown): string {
  return JSON.stringify(input) ?? 'null';
}

/** UTF-8 size of `text` over `maxBytes`, measured only when the UTF-16 length leaves it in doubt. */
export function exceedsBytes(text: string, maxBytes: number): boolean {
  if (text.length > maxBytes) return true;
  if (text.length * 3 <= maxBytes) return false;
  return Buffer.byteLength(text, 'utf8') > maxBytes;
}

const normalized = new WeakMap<object, { text: string; value: Json }>();

/**
 * The input exactly as jq sees it, for the fast path: JSON.parse of its JSON text (so -0, NaN,
 * undefined members and toJSON objects are what jq gets too). Parsed copies are kept per input object
 * and reused while its JSON text is unchanged, so re-evaluating a large context costs one stringify
 * and one string comparison. Undefined when the text escapes unpaired surrogates, which jq replaces
 * with U+FFFD and the fast path does not.
 */
export function normalizedInput(input: unknown, text: string): Json | undefined {
  if (/\\ud[89a-f]/i.test(text)) return undefined;
  if (typeof input === 'string') return input;
  if (typeof input !== 'object' || input === null) return JSON.parse(text) as Json;
  const cached = normalized.get(input);
  if (cached && cached.text === text) return cached.value;
  const value = JSON.parse(text) as Json;
  normalized.set(input, { text, value });
  return value;
}

/** A deep copy of a JSON value, so callers never share structure with the cached input. */
export function cloneJson(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(cloneJson);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = cloneJson((value as Record<string, unknown>)[key]);
    if (key === '__proto__') {
      Object.defineProperty(copy, key, { value: item, writable: true, enumerable: true, configurable: true });
    } else {
      copy[key] = item;
    }
  }
  return copy;
}

/** Whether all outputs, as one JSON array, exceed `maxBytes` (cheap for the usual scalar outputs). */
export function outputsExceed(outputs: unknown[], maxBytes: number): boolean {
  let bound = 2;
  for (const output of outputs) {
    if (typeof output === 'string') bound += output.length * 6 + 3;
    else if (typeof output !== 'object' || output === null) bound += 25;
    else return exceedsBytes(JSON.stringify(outputs), maxBytes);
  }
  return bound > maxBytes && exceedsBytes(JSON.stringify(outputs), maxBytes);
}
