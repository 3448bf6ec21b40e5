/** A JSON value as JSON.parse produces it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export type JqType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

export function jqType(value: Json): JqType {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    default:
      return Array.isArray(value) ? 'array' : 'object';
  }
}

export function isObject(value: Json): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function truthy(value: Json): boolean {
  return value !== null && value !== false;
}

/** Own-property lookup: `o["constructor"]` must not find Object.prototype's. */
export function getKey(object: JsonObject, key: string): Json {
  const value = object[key];
  if (value === undefined) return null;
  if (typeof value === 'function' || key === '__proto__') {
    return Object.prototype.hasOwnProperty.call(object, key) ? value : null;
  }
  return value;
}

/**
 * Keys JS orders before all others ("0", "17", ...). jq keeps insertion order, so an object the fast
 * path builds with such a key could list its keys differently from jq: give up on those.
 */
export function isArrayIndexKey(key: string): boolean {
  return /^(?:0|[1-9][0-9]{0,9})$/.test(key) && Number(key) < 4294967295;
}
