/**
 * One walk over an input that tells whether it is plain JSON data (what JSON.parse would give back
 * unchanged: plain objects and arrays, finite numbers other than -0, well-formed strings) and bounds
 * the size of its JSON text. Plain inputs go to the fast path as they are, without the JSON.stringify
 * and JSON.parse that other inputs need, which would be most of the cost of a fast evaluation.
 */
export interface InputShape {
  plain: boolean;
  /** UTF-8 bytes of the JSON text lie in [minBytes, maxBytes]. */
  minBytes: number;
  maxBytes: number;
}

const MAX_DEPTH = 256;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// Node 20 has String.prototype.isWellFormed (ES2024); the project's TS lib settings stop at ES2022.
const isWellFormed: (text: string) => boolean =
  typeof (String.prototype as { isWellFormed?: () => boolean }).isWellFormed === 'function'
    ? (text) => (text as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (text) => !LONE_SURROGATE.test(text);

// Walk state in module variables: the walk is synchronous and this keeps the hot loop lean.
let plain = true;
let units = 0; // UTF-16 units of all strings and keys
let scalars = 0; // numbers, booleans, nulls and punctuation, as a byte count lower bound
let numbers = 0;

export function inspectInput(input: unknown): InputShape {
  plain = true;
  units = 0;
  scalars = 0;
  numbers = 0;
  visit(input, 0);
  // Strings: at least one byte per unit, at most six (\u00XX escapes) plus quotes; numbers 1..24 bytes.
  return { plain, minBytes: units + scalars + numbers, maxBytes: units * 6 + scalars + numbers * 24 };
}

function visit(value: unknown, depth: number): void {
  switch (typeof value) {
    case 'string':
      units += value.length;
      scalars += 2;
      if (!isWellFormed(value)) plain = false;
      return;
    case 'number':
      numbers += 1;
      if (!Number.isFinite(value) || Object.is(value, -0)) plain = false;
      return;
    case 'boolean':
      scalars += 5;
      return;
    case 'object':
      break;
    default:
      // undefined, functions, symbols, bigints: JSON.stringify decides (or throws) for those.
      plain = false;
      return;
  }
  if (value === null) {
    scalars += 4;
    return;
  }
  if (depth > MAX_DEPTH) {
    plain = false;
    return;
  }
  if (Array.isArray(value)) {
    scalars += 1 + Math.max(1, value.length); // brackets and commas
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      if (item === undefined)
        plain = false; // holes and undefined become null in JSON
      else visit(item, depth + 1);
    }
    return;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) plain = false; // Date, Map, class instances
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  scalars += 1 + Math.max(1, keys.length) + keys.length * 3; // braces, commas, colons, key quotes
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i];
    units += key.length;
    if (!isWellFormed(key)) plain = false;
    const item = object[key];
    if (item === undefined || typeof item === 'function') plain = false;
    else visit(item, depth + 1);
  }
}
