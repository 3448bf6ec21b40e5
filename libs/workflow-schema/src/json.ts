export type JsonObject = Record<string, unknown>;

/** A JSON object: not null, not an array. (JSON input never holds class instances.) */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Structural equality over JSON values, for `enum` and `uniqueItems`. */
export function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEquals(item, b[i]));
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && jsonEquals(a[key], b[key]));
  }
  return false;
}

/**
 * A deep copy of JSON data. Callers keep what the client sent untouched, so normalisation works on a
 * copy. Non-JSON leaves (functions, symbols) are dropped the way JSON.stringify would drop them.
 */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => cloneJson(item)) as T;
  if (isJsonObject(value)) {
    const copy: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      if (typeof item === 'function' || typeof item === 'symbol' || item === undefined) continue;
      // defineProperty keeps a literal "__proto__" key an own property instead of a prototype swap.
      Object.defineProperty(copy, key, {
        value: cloneJson(item),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy as T;
  }
  return value;
}
