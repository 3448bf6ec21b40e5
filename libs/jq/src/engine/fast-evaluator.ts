import { JqLimitError, JqRuntimeError } from '../errors';
import { type FastProgram, compileFast } from '../fast/fast-program';
import type { Json } from '../fast/json';
import { JqFailure } from '../fast/runtime';
import { LruCache } from '../lru-cache';
import { cloneJson, outputsExceed } from './input-text';
import type { Outcome } from './outcome';

/**
 * The fast path: expressions compiled to JS closures, cached by text (refusals too). `evaluate` answers
 * only when it is sure to match jq 1.8.2; undefined means "ask the reference engine".
 */
export class FastEvaluator {
  private readonly programs: LruCache<string, FastProgram | null>;

  constructor(
    cacheSize: number,
    private readonly maxOutputBytes: number,
  ) {
    this.programs = new LruCache(cacheSize);
  }

  /** Whether the expression compiles on the fast path (it may still defer at run time). */
  accepts(expression: string): boolean {
    return this.program(expression) !== null;
  }

  evaluate(expression: string, input: () => Json | undefined): Outcome | undefined {
    const program = this.program(expression);
    if (!program) return undefined;
    const value = input();
    if (value === undefined) return undefined;
    let outputs: Json[];
    try {
      outputs = program.evaluate(value);
    } catch (error) {
      if (error instanceof JqFailure)
        return { ok: false, error: new JqRuntimeError(expression, error.value) };
      return undefined; // NotSure, or a fast-path bug: the reference engine answers.
    }
    if (outputsExceed(outputs, this.maxOutputBytes)) {
      return { ok: false, error: new JqLimitError(expression, 'output', this.maxOutputBytes) };
    }
    return { ok: true, outputs: outputs.map(cloneJson) };
  }

  private program(expression: string): FastProgram | null {
    let program = this.programs.get(expression);
    if (program === undefined) {
      try {
        program = compileFast(expression);
      } catch {
        program = null;
      }
      this.programs.set(expression, program);
    }
    return program;
  }
}
