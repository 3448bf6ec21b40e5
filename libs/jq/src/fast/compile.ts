import type { Ast } from './ast';
import { compileCall } from './builtins';
import { compileInterpolation, compileObject } from './compile-constructors';
import { type Json, truthy } from './json';
import { NOT_SURE, notSure } from './not-sure';
import { applyBinary } from './operators';
import { type Filter, JqFailure, burn, fail, filter, indexValue, iterate } from './runtime';
import { describe } from './values';

/** Lexical scope: which env slot holds each `$name`. */
export interface Scope {
  readonly slots: { count: number };
  readonly bindings: ReadonlyMap<string, number>;
}

export function rootScope(): Scope {
  return { slots: { count: 0 }, bindings: new Map() };
}

/** Thrown through `try` bodies so errors raised downstream of an output are not caught by that try. */
class Downstream {
  constructor(readonly inner: unknown) {}
}

export function compileAst(ast: Ast, scope: Scope): Filter {
  switch (ast.k) {
    case 'identity':
      return filter(undefined, (input) => input);
    case 'literal': {
      const value = ast.value;
      return filter(undefined, () => value);
    }
    case 'index':
      return compileIndex(ast, scope);
    case 'iterate': {
      const target = compileAst(ast.target, scope);
      const optional = ast.optional;
      return filter((input, env, emit) => target.run(input, env, (t) => iterate(t, optional, emit)));
    }
    case 'pipe': {
      const left = compileAst(ast.left, scope);
      const right = compileAst(ast.right, scope);
      const l1 = left.one;
      const r1 = right.one;
      return filter(
        (input, env, emit) => left.run(input, env, (v) => right.run(v, env, emit)),
        l1 && r1 ? (input, env) => r1(l1(input, env), env) : undefined,
      );
    }
    case 'comma': {
      const left = compileAst(ast.left, scope);
      const right = compileAst(ast.right, scope);
      return filter((input, env, emit) => {
        burn(1);
        left.run(input, env, emit);
        right.run(input, env, emit);
      });
    }
    case 'alternative':
      return compileAlternative(compileAst(ast.left, scope), compileAst(ast.right, scope));
    case 'and':
    case 'or':
      return compileLogic(ast.k, compileAst(ast.left, scope), compileAst(ast.right, scope));
    case 'binary': {
      const op = ast.op;
      const left = compileAst(ast.left, scope);
      const right = compileAst(ast.right, scope);
      const l1 = left.one;
      const r1 = right.one;
      // jq evaluates the right operand first (outer loop), then the left.
      return filter(
        (input, env, emit) =>
          right.run(input, env, (r) => left.run(input, env, (l) => emit(applyBinary(op, l, r)))),
        l1 && r1
          ? (input, env) => {
              const r = r1(input, env);
              return applyBinary(op, l1(input, env), r);
            }
          : undefined,
      );
    }
    case 'negate': {
      const operand = compileAst(ast.operand, scope);
      return filter((input, env, emit) => operand.run(input, env, (v) => emit(negate(v))));
    }
    case 'if':
      return compileIf(
        compileAst(ast.condition, scope),
        compileAst(ast.then, scope),
        compileAst(ast.otherwise, scope),
      );
    case 'try':
      return compileTry(compileAst(ast.body, scope), ast.handler && compileAst(ast.handler, scope));
    case 'array': {
      if (!ast.body) return filter(undefined, () => []);
      const body = compileAst(ast.body, scope);
      const b1 = body.one;
      if (b1) return filter(undefined, (input, env) => [b1(input, env)]);
      return filter(undefined, (input, env) => {
        const out: Json[] = [];
        body.run(input, env, (v) => {
          burn(1);
          out.push(v);
        });
        return out;
      });
    }
    case 'object':
      return compileObject(ast.entries, (child) => compileAst(child, scope));
    case 'string':
      return compileInterpolation(ast.parts, (child) => compileAst(child, scope));
    case 'variable': {
      const slot = scope.bindings.get(ast.name);
      if (slot !== undefined) return filter(undefined, (_input, env) => env[slot]);
      // The engine runs jq with `$ENV` bound to {} (no host environment leaks into workflows).
      if (ast.name === 'ENV') return filter(undefined, () => ({}));
      return notSure('unbound variable');
    }
    case 'bind': {
      const source = compileAst(ast.source, scope);
      const slot = scope.slots.count++;
      const bindings = new Map(scope.bindings).set(ast.name, slot);
      const body = compileAst(ast.body, { slots: scope.slots, bindings });
      const s1 = source.one;
      const b1 = body.one;
      return filter(
        (input, env, emit) =>
          source.run(input, env, (v) => {
            env[slot] = v;
            body.run(input, env, emit);
          }),
        s1 && b1
          ? (input, env) => {
              env[slot] = s1(input, env);
              return b1(input, env);
            }
          : undefined,
      );
    }
    case 'call':
      return compileCall(
        ast.name,
        ast.args.map((arg) => compileAst(arg, scope)),
      );
  }
}

function negate(value: Json): Json {
  // jq negates a literal 0 to 0 but a computed 0 to -0; the fast path cannot tell them apart.
  if (value === 0) throw NOT_SURE;
  if (typeof value === 'number') return -value;
  return fail(`${describe(value)} cannot be negated`);
}

function compileIndex(ast: Extract<Ast, { k: 'index' }>, scope: Scope): Filter {
  const target = compileAst(ast.target, scope);
  const key = compileAst(ast.key, scope);
  const t1 = target.one;
  const k1 = key.one;
  if (ast.optional) {
    // `.a?` suppresses errors of this index step only, not of `target` or `key`.
    return filter((input, env, emit) =>
      key.run(input, env, (k) =>
        target.run(input, env, (t) => {
          let v: Json;
          try {
            v = indexValue(t, k);
          } catch (error) {
            if (error instanceof JqFailure) return;
            throw error;
          }
          emit(v);
        }),
      ),
    );
  }
  // jq evaluates the key (against the same input) before the target.
  return filter(
    (input, env, emit) => key.run(input, env, (k) => target.run(input, env, (t) => emit(indexValue(t, k)))),
    t1 && k1
      ? (input, env) => {
          const k = k1(input, env);
          return indexValue(t1(input, env), k);
        }
      : undefined,
  );
}

function compileAlternative(left: Filter, right: Filter): Filter {
  const l1 = left.one;
  const r1 = right.one;
  // jq 1.8.2's `//` passes the left side's errors on; it only falls back when nothing truthy came out.
  return filter(
    (input, env, emit) => {
      let found = false;
      left.run(input, env, (v) => {
        if (truthy(v)) {
          found = true;
          emit(v);
        }
      });
      if (!found) right.run(input, env, emit);
    },
    l1 && r1
      ? (input, env) => {
          const v = l1(input, env);
          return truthy(v) ? v : r1(input, env);
        }
      : undefined,
  );
}

function compileLogic(kind: 'and' | 'or', left: Filter, right: Filter): Filter {
  const shortCircuit = kind === 'or';
  const l1 = left.one;
  const r1 = right.one;
  return filter(
    (input, env, emit) =>
      left.run(input, env, (l) => {
        if (truthy(l) === shortCircuit) emit(shortCircuit);
        else right.run(input, env, (r) => emit(truthy(r)));
      }),
    l1 && r1
      ? (input, env) => (truthy(l1(input, env)) === shortCircuit ? shortCircuit : truthy(r1(input, env)))
      : undefined,
  );
}

function compileIf(condition: Filter, then: Filter, otherwise: Filter): Filter {
  const c1 = condition.one;
  const t1 = then.one;
  const o1 = otherwise.one;
  return filter(
    (input, env, emit) =>
      condition.run(input, env, (c) => (truthy(c) ? then : otherwise).run(input, env, emit)),
    c1 && t1 && o1 ? (input, env) => (truthy(c1(input, env)) ? t1(input, env) : o1(input, env)) : undefined,
  );
}

function compileTry(body: Filter, handler: Filter | undefined): Filter {
  const b1 = body.one;
  const h1 = handler?.one;
  return filter(
    (input, env, emit) => {
      try {
        body.run(input, env, (v) => {
          try {
            emit(v);
          } catch (error) {
            throw new Downstream(error);
          }
        });
      } catch (error) {
        if (error instanceof Downstream) throw error.inner;
        if (!(error instanceof JqFailure)) throw error;
        handler?.run(error.value, env, emit);
      }
    },
    b1 && h1
      ? (input, env) => {
          try {
            return b1(input, env);
          } catch (error) {
            if (error instanceof JqFailure) return h1(error.value, env);
            throw error;
          }
        }
      : undefined,
  );
}
