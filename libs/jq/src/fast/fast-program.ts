import { compileAst, rootScope } from './compile';
import type { Json } from './json';
import { parseJq } from './parser';
import { refuel } from './runtime';

/** Work units one fast evaluation may spend (elements iterated, values built) before deferring to jq. */
const FUEL = 1_000_000;

export interface FastProgram {
  /**
   * All outputs for `input` (which must be JSON data as JSON.parse makes it). Throws JqFailure for a jq
   * runtime error, NotSure (or anything else) when the reference engine must answer instead.
   */
  evaluate(input: Json): Json[];
}

/** Compiles `expression` to JS closures, or throws NotSure when it is outside the fast path's subset. */
export function compileFast(expression: string): FastProgram {
  const scope = rootScope();
  const filter = compileAst(parseJq(expression), scope);
  const slots = scope.slots.count;
  const one = filter.one;
  return {
    evaluate(input) {
      refuel(FUEL);
      const env: Json[] = slots > 0 ? new Array<Json>(slots) : [];
      if (one) return [one(input, env)];
      const outputs: Json[] = [];
      filter.run(input, env, (value) => {
        outputs.push(value);
      });
      return outputs;
    },
  };
}
