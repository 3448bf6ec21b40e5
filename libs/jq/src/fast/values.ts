import { type Json, isObject, jqType } from './json';
import { NOT_SURE } from './not-sure';

/**
 * How jq 1.8.2 prints a number, where it is sure to match. jq prints literals (from the input or the
 * program) with decNumber and computed values with dtoa; both agree with JS's shortest round-trip
 * form for integers below 1e17 and for fractions in [1e-4, 1e15). Anything else (exponents, -0,
 * huge integers) is left to the reference engine.
 */
export function formatNumber(n: number): string {
  const magnitude = Math.abs(n);
  if (Number.isInteger(n)) {
    if (magnitude < 1e17 && !Object.is(n, -0)) return String(n);
  } else if (magnitude >= 1e-4 && magnitude < 1e15) {
    return String(n);
  }
  throw NOT_SURE;
}

/** jq's compact JSON text (`tojson`): JSON.stringify, plus jq's escape for DEL and its number form. */
export function toJson(value: Json): string {
  checkPrintable(value);
  const text = JSON.stringify(value);
  return text.includes('\x7f') ? text.replace(/\x7f/g, '\\u007f') : text;
}

function checkPrintable(value: Json): void {
  if (typeof value === 'number') {
    formatNumber(value);
  } else if (Array.isArray(value)) {
    for (const item of value) checkPrintable(item);
  } else if (isObject(value)) {
    for (const key of Object.keys(value)) checkPrintable(value[key]);
  }
}

/** `tostring`: strings as they are, everything else as JSON text. */
export function toText(value: Json): string {
  return typeof value === 'string' ? value : toJson(value);
}

/**
 * A value as jq quotes it in error messages: compact JSON cut to 25 bytes (never inside a UTF-8
 * character) followed by "..." and the text's last character, when longer than 29 bytes.
 */
export function dumpForError(value: Json): string {
  const text = toJson(value);
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= 29) return text;
  let cut = 25;
  while (cut > 0 && (bytes[cut] & 0xc0) === 0x80) cut -= 1;
  return bytes.subarray(0, cut).toString('utf8') + '...' + text[text.length - 1];
}

/** "number (5)", the way jq names a value in its error messages. */
export function describe(value: Json): string {
  return `${jqType(value)} (${dumpForError(value)})`;
}

/** Code-point order, which is jq's byte-wise UTF-8 order; JS `<` compares UTF-16 units instead. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    let ca = a.charCodeAt(i);
    let cb = b.charCodeAt(i);
    if (ca === cb) continue;
    if (ca >= 0xd800 && cb >= 0xd800) {
      // Surrogates (astral code points) sort after U+E000..U+FFFF in code-point order.
      ca = ca >= 0xe000 ? ca - 0x800 : ca + 0x2000;
      cb = cb >= 0xe000 ? cb - 0x800 : cb + 0x2000;
    }
    return ca < cb ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

const KIND_ORDER = { null: 0, boolean: 1, number: 3, string: 4, array: 5, object: 6 } as const;

function kindRank(value: Json): number {
  return value === true ? 2 : KIND_ORDER[jqType(value)];
}

/** jq's total order (jv_cmp): null < false < true < numbers < strings < arrays < objects. */
export function compareJson(a: Json, b: Json): number {
  const ka = kindRank(a);
  const kb = kindRank(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  if (typeof a === 'number') return a < (b as number) ? -1 : a > (b as number) ? 1 : 0;
  if (typeof a === 'string') return compareStrings(a, b as string);
  if (Array.isArray(a)) {
    const other = b as Json[];
    const n = Math.min(a.length, other.length);
    for (let i = 0; i < n; i += 1) {
      const c = compareJson(a[i], other[i]);
      if (c !== 0) return c;
    }
    return a.length < other.length ? -1 : a.length > other.length ? 1 : 0;
  }
  if (isObject(a) && isObject(b)) {
    const keysA = sortedKeys(a);
    const keysB = sortedKeys(b);
    const c = compareJson(keysA, keysB);
    if (c !== 0) return c;
    for (const key of keysA) {
      const v = compareJson(a[key], b[key]);
      if (v !== 0) return v;
    }
  }
  return 0;
}

export function sortedKeys(object: { [key: string]: Json }): string[] {
  return Object.keys(object).sort(compareStrings);
}

export function equalJson(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return compareJson(a, b) === 0;
}

/** String length in code points, as jq counts it. */
export function codePointLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) length -= 1;
  }
  return length;
}
