import { type Json, isArrayIndexKey, isObject, type JsonObject, jqType, getKey } from './json';
import { NOT_SURE, notSure } from './not-sure';
import { describe } from './values';

export type Emit = (value: Json) => void;
export type Env = Json[];

/** A compiled jq filter: `run` pushes every output to `emit`; `one` exists when there is exactly one. */
export interface Filter {
  run(input: Json, env: Env, emit: Emit): void;
  one?: (input: Json, env: Env) => Json;
}

/** A jq runtime error carrying jq's error value (a message string, or whatever `error(v)` raised). */
export class JqFailure {
  constructor(readonly value: Json) {}
}

export function fail(message: string): never {
  throw new JqFailure(message);
}

/**
 * Work budget for one evaluation, so a product of iterations over a large input cannot block the
 * event loop: when it runs out the fast path gives up and the reference engine (which has a time
 * limit) takes over.
 */
let fuel = 0;

export function refuel(amount: number): void {
  fuel = amount;
}

export function burn(amount: number): void {
  fuel -= amount;
  if (fuel < 0) throw NOT_SURE;
}

export function finite(n: number): number {
  if (!Number.isFinite(n)) throw NOT_SURE;
  return n;
}

/** `.[]`: array elements or object values in order, else jq's error. */
export function iterate(value: Json, optional: boolean, emit: Emit): void {
  if (Array.isArray(value)) {
    burn(value.length);
    for (const item of value) emit(item);
  } else if (isObject(value)) {
    const keys = Object.keys(value);
    burn(keys.length);
    for (const key of keys) emit(value[key]);
  } else if (!optional) {
    fail(`Cannot iterate over ${describe(value)}`);
  }
}

/** `.[key]` as jq 1.8.2's jv_get does it, for the key kinds the fast path is sure of. */
export function indexValue(target: Json, key: Json): Json {
  if (typeof key === 'string') {
    if (isObject(target)) return getKey(target, key);
    if (target === null) return null;
  } else if (typeof key === 'number') {
    if (Array.isArray(target)) {
      if (!Number.isInteger(key) || Math.abs(key) > 2 ** 31) throw NOT_SURE;
      const at = key < 0 ? key + target.length : key;
      return at >= 0 && at < target.length ? target[at] : null;
    }
    if (target === null) return null;
  } else if (target === null || Array.isArray(target) || Array.isArray(key)) {
    // null with odd keys, array slices by object and `indices` by array: not worth copying.
    throw NOT_SURE;
  } else if (typeof target === 'string' && isObject(key)) {
    // A string sliced by an object: jq's slice rules and messages, not worth copying either.
    throw NOT_SURE;
  }
  return fail(`Cannot index ${jqType(target)} with ${describe(key)}`);
}

/** jq's `+`. */
export function plus(left: Json, right: Json): Json {
  if (left === null) return right;
  if (right === null) return left;
  if (typeof left === 'number' && typeof right === 'number') return finite(left + right);
  if (typeof left === 'string' && typeof right === 'string') {
    burn((left.length + right.length) >> 6);
    return left + right;
  }
  if (Array.isArray(left) && Array.isArray(right)) {
    burn(left.length + right.length);
    return left.concat(right);
  }
  if (isObject(left) && isObject(right)) return mergeObjects(left, right);
  return fail(`${describe(left)} and ${describe(right)} cannot be added`);
}

function mergeObjects(left: JsonObject, right: JsonObject): JsonObject {
  const merged: JsonObject = {};
  const leftKeys = Object.keys(left);
  const rightKeys = Object.keys(right);
  burn(leftKeys.length + rightKeys.length);
  for (const key of leftKeys) setOwn(merged, key, left[key]);
  for (const key of rightKeys) {
    // A new array-index-like key would be listed first by JS but last by jq.
    if (!Object.prototype.hasOwnProperty.call(left, key) && isArrayIndexKey(key)) throw NOT_SURE;
    setOwn(merged, key, right[key]);
  }
  return merged;
}

/** Sets an own property even for "__proto__", which plain assignment would treat as the prototype. */
export function setOwn(object: JsonObject, key: string, value: Json): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    object[key] = value;
  }
}

/** Wraps `one` as `run`, so every Filter can be driven generically. */
export function filter(run: Filter['run'] | undefined, one?: Filter['one']): Filter {
  if (one) return { run: run ?? ((input, env, emit) => emit(one(input, env))), one };
  if (!run) return notSure('empty filter');
  return { run };
}
