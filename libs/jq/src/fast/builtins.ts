import { type Json, isObject, jqType, truthy } from './json';
import { NOT_SURE, notSure } from './not-sure';
import { testRegex } from './regex';
import {
  type Emit,
  type Env,
  type Filter,
  JqFailure,
  burn,
  fail,
  indexValue,
  iterate,
  plus,
} from './runtime';
import { codePointLength, describe, sortedKeys, toJson, toText } from './values';
import { parseJsonText } from './json-text';

type One = (input: Json) => Json;
type Builtin = (args: Filter[]) => Filter;

const identityRun = (run: Filter['run']): Filter => ({ run });
const single = (one: One): Filter => ({
  run: (input, _env, emit) => emit(one(input)),
  one: (input) => one(input),
});

/** A builtin with `$value` parameters: one output per combination, the first argument outermost. */
function withValues(args: Filter[], body: (input: Json, values: Json[]) => Json): Filter {
  const n = args.length;
  const run = (input: Json, env: Env, emit: Emit): void => {
    const values: Json[] = new Array(n);
    const fill = (at: number): void => {
      if (at === n) {
        emit(body(input, values));
        return;
      }
      args[at].run(input, env, (v) => {
        values[at] = v;
        fill(at + 1);
      });
    };
    fill(0);
  };
  if (!args.every((a) => a.one)) return { run };
  const ones = args.map((a) => a.one as NonNullable<Filter['one']>);
  return {
    run,
    one: (input, env) =>
      body(
        input,
        ones.map((one) => one(input, env)),
      ),
  };
}

function typeFilter(accept: (value: Json) => boolean): Builtin {
  return () => identityRun((input, _env, emit) => (accept(input) ? emit(input) : undefined));
}

const BUILTINS: Record<string, Builtin> = {
  'empty/0': () => identityRun(() => undefined),
  'not/0': () => single((input) => !truthy(input)),
  'type/0': () => single((input) => jqType(input)),
  'length/0': () => single(length),
  'utf8bytelength/0': () =>
    single((input) =>
      typeof input === 'string'
        ? Buffer.byteLength(input, 'utf8')
        : fail(`${describe(input)} only strings have UTF-8 byte length`),
    ),
  'keys/0': () => single((input) => keys(input, true)),
  'keys_unsorted/0': () => single((input) => keys(input, false)),
  'tostring/0': () => single(textOf),
  'tojson/0': () =>
    single((input) => {
      const text = toJson(input);
      burn(text.length >> 6);
      return text;
    }),
  'fromjson/0': () =>
    single((input) =>
      typeof input === 'string'
        ? parseJsonText(input)
        : fail(`${describe(input)} only strings can be parsed`),
    ),
  'tonumber/0': () => single(toNumber),
  'ascii_downcase/0': () => single((input) => asciiCase(input, false)),
  'ascii_upcase/0': () => single((input) => asciiCase(input, true)),
  'env/0': () => single(() => ({})),
  'error/0': () => single((input) => failWith(input)),
  'error/1': ([message]) => identityRun((input, env) => message.run(input, env, failWith)),
  'select/1': ([condition]) =>
    identityRun((input, env, emit) =>
      condition.run(input, env, (c) => (truthy(c) ? emit(input) : undefined)),
    ),
  'map/1': ([f]) => {
    const run = (input: Json, env: Env, emit: Emit): void => emit(collect(input, env, f));
    return { run, one: (input, env) => collect(input, env, f) };
  },
  'first/0': () => single((input) => indexValue(input, 0)),
  'last/0': () => single((input) => indexValue(input, -1)),
  'first/1': ([f]) => identityRun((input, env, emit) => first(f, input, env, emit)),
  'add/0': () => single((input) => fold(input, null, plus)),
  'any/0': () => single((input) => fold(input, false, (acc, x) => truthy(acc) || truthy(x))),
  'all/0': () => single((input) => fold(input, true, (acc, x) => truthy(acc) && truthy(x))),
  'join/1': (args) => withValues(args, (input, [separator]) => join(input, separator)),
  'has/1': (args) => withValues(args, (input, [key]) => has(input, key)),
  'startswith/1': (args) => withValues(args, (input, [s]) => affix(input, s, 'startswith')),
  'endswith/1': (args) => withValues(args, (input, [s]) => affix(input, s, 'endswith')),
  'ltrimstr/1': (args) => withValues(args, (input, [s]) => trim(input, s, 'startswith')),
  'rtrimstr/1': (args) => withValues(args, (input, [s]) => trim(input, s, 'endswith')),
  'split/1': (args) => withValues(args, (input, [separator]) => split(input, separator)),
  'test/1': (args) => withValues(args, (input, [regex]) => test(input, regex, undefined)),
  'test/2': (args) => withValues(args, (input, [regex, flags]) => test(input, regex, flags)),
  'to_entries/0': () => single(toEntries),
  'values/0': typeFilter((v) => v !== null),
  'nulls/0': typeFilter((v) => v === null),
  'booleans/0': typeFilter((v) => typeof v === 'boolean'),
  'numbers/0': typeFilter((v) => typeof v === 'number'),
  'strings/0': typeFilter((v) => typeof v === 'string'),
  'arrays/0': typeFilter((v) => Array.isArray(v)),
  'objects/0': typeFilter((v) => isObject(v)),
  'iterables/0': typeFilter((v) => typeof v === 'object' && v !== null),
  'scalars/0': typeFilter((v) => typeof v !== 'object' || v === null),
};

export function compileCall(name: string, args: Filter[]): Filter {
  const builtin = BUILTINS[`${name}/${args.length}`];
  if (!builtin) return notSure(`${name}/${args.length} is not in the fast path`);
  return builtin(args);
}

function failWith(value: Json): never {
  throw new JqFailure(value);
}

function textOf(input: Json): string {
  const text = toText(input);
  burn(text.length >> 6);
  return text;
}

function length(input: Json): Json {
  if (input === null) return 0;
  if (typeof input === 'boolean') return fail(`${describe(input)} has no length`);
  if (typeof input === 'number') return Math.abs(input);
  if (typeof input === 'string') return codePointLength(input);
  if (Array.isArray(input)) return input.length;
  return Object.keys(input).length;
}

function keys(input: Json, sorted: boolean): Json {
  if (Array.isArray(input)) return input.map((_, i) => i);
  if (isObject(input)) return sorted ? sortedKeys(input) : Object.keys(input);
  return fail(`${describe(input)} has no keys`);
}

function toNumber(input: Json): Json {
  if (typeof input === 'number') return input;
  // jq keeps the text of a parsed number (tonumber of "1.0" prints 1.0): only canonical text is safe.
  if (typeof input === 'string' && input !== '' && String(Number(input)) === input) return Number(input);
  throw NOT_SURE;
}

function asciiCase(input: Json, upper: boolean): Json {
  if (typeof input !== 'string') return fail('explode input must be a string');
  return upper
    ? input.replace(/[a-z]+/g, (s) => s.toUpperCase())
    : input.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

function collect(input: Json, env: Env, f: Filter): Json[] {
  const out: Json[] = [];
  iterate(input, false, (item) => f.run(item, env, (v) => out.push(v)));
  return out;
}

/** `first(f)`: jq stops `f` after its first output (label/break), so later errors never happen. */
function first(f: Filter, input: Json, env: Env, emit: Emit): void {
  const stop = {};
  let found = false;
  let value: Json = null;
  try {
    f.run(input, env, (v) => {
      found = true;
      value = v;
      throw stop;
    });
  } catch (error) {
    if (error !== stop) throw error;
  }
  if (found) emit(value);
}

function fold(input: Json, initial: Json, step: (acc: Json, item: Json) => Json): Json {
  let acc = initial;
  iterate(input, false, (item) => {
    acc = step(acc, item);
  });
  return acc;
}

/** jq 1.8.2: `reduce .[] as $x (null; (if . == null then "" else . + $sep end) + ($x | text))`. */
function join(input: Json, separator: Json): Json {
  const result = fold(input, null, (acc, item) => {
    const text =
      item === null ? '' : typeof item === 'number' || typeof item === 'boolean' ? toJson(item) : item;
    return plus(acc === null ? '' : plus(acc, separator), text);
  });
  return truthy(result) ? result : '';
}

function has(input: Json, key: Json): Json {
  if (input === null) return false;
  if (isObject(input) && typeof key === 'string') return Object.prototype.hasOwnProperty.call(input, key);
  if (Array.isArray(input) && typeof key === 'number') {
    if (!Number.isInteger(key)) throw NOT_SURE;
    return key >= 0 && key < input.length;
  }
  return fail(`Cannot check whether ${jqType(input)} has a ${jqType(key)} key`);
}

/** jq 1.8.2's ltrimstr/rtrimstr go through startswith/endswith, errors included. */
function affix(input: Json, s: Json, name: 'startswith' | 'endswith'): boolean {
  if (typeof input !== 'string' || typeof s !== 'string') return fail(`${name}() requires string inputs`);
  return name === 'startswith' ? input.startsWith(s) : input.endsWith(s);
}

function trim(input: Json, s: Json, name: 'startswith' | 'endswith'): Json {
  if (!affix(input, s, name)) return input;
  const text = input as string;
  const affixLength = (s as string).length;
  return name === 'startswith' ? text.slice(affixLength) : text.slice(0, text.length - affixLength);
}

function split(input: Json, separator: Json): Json {
  if (typeof input !== 'string' || typeof separator !== 'string') {
    return fail('split input and separator must be strings');
  }
  if (separator === '') throw NOT_SURE;
  if (input === '') return [];
  burn(input.length >> 6);
  return input.split(separator);
}

/** `test($re)` checks the regex's type in jq code; `test($re; $flags)` leaves that to C: not copied. */
function test(input: Json, regex: Json, flags: Json | undefined): Json {
  if (flags === undefined) {
    if (typeof regex !== 'string') {
      if (Array.isArray(regex)) throw NOT_SURE;
      return fail(`${jqType(regex)} not a string or array`);
    }
  } else if (typeof regex !== 'string' || (flags !== null && typeof flags !== 'string')) {
    throw NOT_SURE;
  }
  if (typeof input !== 'string') return fail(`${describe(input)} cannot be matched, as it is not a string`);
  return testRegex(input, regex, flags ?? '');
}

function toEntries(input: Json): Json {
  if (Array.isArray(input)) return input.map((value, key) => ({ key, value }));
  if (isObject(input)) return Object.keys(input).map((key) => ({ key, value: input[key] }));
  return fail(`${describe(input)} has no keys`);
}
