import type { Ast } from './ast';
import { type Json, isArrayIndexKey } from './json';
import { NOT_SURE } from './not-sure';
import { type Emit, type Env, type Filter, burn, fail, filter, indexValue, setOwn } from './runtime';
import { describe, toText } from './values';

/** Object construction and string interpolation, with jq's order for their output products. */
export function compileObject(
  entries: Extract<Ast, { k: 'object' }>['entries'],
  compile: (ast: Ast) => Filter,
): Filter {
  const compiled = entries.map(({ key, value }) => {
    if (key.k === 'literal' && typeof key.value === 'string' && isArrayIndexKey(key.value)) throw NOT_SURE;
    return { key: compile(key), value: value && compile(value) };
  });
  const n = compiled.length;
  const run = (input: Json, env: Env, emit: Emit): void => {
    const keys: string[] = [];
    const values: Json[] = [];
    const build = (at: number): void => {
      if (at === n) {
        emit(makeObject(keys, values));
        return;
      }
      const entry = compiled[at];
      entry.key.run(input, env, (k) => {
        // jq evaluates the value before it checks that the key is a string.
        const withValue = (v: Json): void => {
          keys[at] = objectKey(k);
          values[at] = v;
          build(at + 1);
        };
        if (entry.value) entry.value.run(input, env, withValue);
        else withValue(indexValue(input, k));
      });
    };
    build(0);
  };
  const allOne = compiled.every((e) => e.key.one && (!e.value || e.value.one));
  if (!allOne) return filter(run);
  return filter(run, (input, env) => {
    const keys: string[] = new Array(n);
    const values: Json[] = new Array(n);
    for (let at = 0; at < n; at += 1) {
      const entry = compiled[at];
      const k = (entry.key.one as NonNullable<Filter['one']>)(input, env);
      const v = entry.value
        ? (entry.value.one as NonNullable<Filter['one']>)(input, env)
        : indexValue(input, k);
      keys[at] = objectKey(k);
      values[at] = v;
    }
    return makeObject(keys, values);
  });
}

function objectKey(key: Json): string {
  if (typeof key === 'string') return key;
  const text = describe(key);
  // jq quotes the key through a smaller buffer here; stay with short values whose text is certain.
  if (text.length > 20) throw NOT_SURE;
  return fail(`Cannot use ${text} as object key`);
}

function makeObject(keys: string[], values: Json[]): Json {
  const object: { [key: string]: Json } = {};
  for (let i = 0; i < keys.length; i += 1) {
    if (isArrayIndexKey(keys[i])) throw NOT_SURE;
    setOwn(object, keys[i], values[i]);
  }
  return object;
}

export function compileInterpolation(parts: Array<string | Ast>, compile: (ast: Ast) => Filter): Filter {
  const compiled = parts.map((part) => (typeof part === 'string' ? part : compile(part)));
  const n = compiled.length;
  // `"a\(x)b\(y)"` is (("a" + x) + "b") + y in jq: the last interpolation is the outer loop.
  const run = (input: Json, env: Env, emit: Emit): void => {
    const texts: string[] = new Array(n);
    const fill = (at: number): void => {
      if (at < 0) {
        const text = texts.join('');
        burn(text.length >> 6);
        emit(text);
        return;
      }
      const part = compiled[at];
      if (typeof part === 'string') {
        texts[at] = part;
        fill(at - 1);
      } else {
        part.run(input, env, (v) => {
          texts[at] = toText(v);
          fill(at - 1);
        });
      }
    };
    fill(n - 1);
  };
  if (!compiled.every((p) => typeof p === 'string' || p.one)) return filter(run);
  return filter(run, (input, env) => {
    const texts: string[] = new Array(n);
    for (let at = n - 1; at >= 0; at -= 1) {
      const part = compiled[at];
      texts[at] =
        typeof part === 'string' ? part : toText((part.one as NonNullable<Filter['one']>)(input, env));
    }
    const text = texts.join('');
    burn(text.length >> 6);
    return text;
  });
}
