import { type JqError, JqCompileError, JqLimitError, JqRuntimeError, JqTimeoutError } from '../errors';
import type { Json } from '../fast/json';
import { LruCache } from '../lru-cache';
import { ReferencePool, type ReferenceResult } from '../reference/reference-pool';
import { planTemplate } from '../template/template-plan';
import { FastEvaluator } from './fast-evaluator';
import { PreparedInput } from './input-text';
import { recordEvaluation } from './jq-metrics';
import { type JqEngineOptions, type ResolvedJqEngineOptions, resolveOptions } from './jq-engine-options';
import type { Outcome } from './outcome';

/**
 * Evaluates jq expressions with jq 1.8.2's exact results and errors.
 *
 * Each evaluation first tries the fast path (a subset of jq compiled to JS closures, cached); whatever
 * it is not sure of goes to the reference engine: jq-wasm in a pool of worker threads with a time
 * limit and output limit. Inputs are JSON data; `env` and `$ENV` are {}.
 */
export class JqEngine {
  private readonly options: ResolvedJqEngineOptions;
  private readonly fast: FastEvaluator;
  private pool?: ReferencePool;
  private closed = false;
  /** Expressions the reference engine has seen finish in time: they may share a jq program. */
  private readonly finishedInTime: LruCache<string, true>;
  private readonly compileErrors: LruCache<string, string>;

  constructor(options: JqEngineOptions = {}) {
    this.options = resolveOptions(options);
    this.fast = new FastEvaluator(this.options.cacheSize, this.options.maxOutputBytes);
    this.finishedInTime = new LruCache(Math.max(this.options.cacheSize, 100));
    this.compileErrors = new LruCache(Math.max(this.options.cacheSize, 100));
  }

  /** Every output of `expression` on `input`. Rejects with a JqError subclass for jq-level failures. */
  async evaluate(expression: string, input: unknown): Promise<unknown[]> {
    const outcome = await this.outcome(expression, input);
    if (!outcome.ok) throw outcome.error;
    return outcome.outputs;
  }

  /** The first output, or undefined when there is none. */
  async evaluateFirst(expression: string, input: unknown): Promise<unknown> {
    return (await this.evaluate(expression, input))[0];
  }

  /** Renders every `{{ expr }}` in a JSON value against `context` (rules in template-plan.ts). */
  async renderTemplate(value: unknown, context: unknown): Promise<unknown> {
    const plan = planTemplate(value);
    const outcomes = new Map<string, Outcome>();
    if (plan.expressions.length > 0) {
      const startedAt = performance.now();
      const input = new PreparedInput(context);
      if (input.exceeds(this.options.maxInputBytes)) throw this.inputTooLarge(plan.expressions[0]);
      const remaining: string[] = [];
      for (const expression of plan.expressions) {
        const known = this.knownOutcome(expression, () => input.fastValue());
        if (known) outcomes.set(expression, known);
        else remaining.push(expression);
      }
      const results = remaining.length > 0 ? await this.reference([input.text], remaining) : [];
      remaining.forEach((expression, i) => outcomes.set(expression, results[i]));
      recordEvaluation(startedAt, outcomes.values());
    }
    return plan.render(outcomes);
  }

  /** Whether `expression` is handled by the fast path (it may still defer to jq for some inputs). */
  isFastPath(expression: string): boolean {
    return this.options.fastPath && this.fast.accepts(expression);
  }

  /** Stops the worker threads; pending reference evaluations fail. */
  async close(): Promise<void> {
    this.closed = true;
    await this.pool?.close();
  }

  /** The evaluation's outcome, never rejecting for jq-level failures (used by tests and templates). */
  async outcome(expression: string, input: unknown): Promise<Outcome> {
    const startedAt = performance.now();
    const outcome = await this.outcomeOf(expression, input);
    recordEvaluation(startedAt, [outcome]);
    return outcome;
  }

  private async outcomeOf(expression: string, input: unknown): Promise<Outcome> {
    const prepared = new PreparedInput(input);
    if (prepared.exceeds(this.options.maxInputBytes))
      return { ok: false, error: this.inputTooLarge(expression) };
    const known = this.knownOutcome(expression, () => prepared.fastValue());
    if (known) return known;
    return (await this.reference([prepared.text], [expression]))[0];
  }

  /** The fast path's answer, or a compile error already reported by jq, without a worker round trip. */
  private knownOutcome(expression: string, input: () => Json | undefined): Outcome | undefined {
    const compileError = this.compileErrors.get(expression);
    if (compileError !== undefined) return { ok: false, error: new JqCompileError(expression, compileError) };
    return this.options.fastPath ? this.fast.evaluate(expression, input) : undefined;
  }

  private async reference(inputs: string[], expressions: string[]): Promise<Outcome[]> {
    if (expressions.length === 0) return [];
    if (this.closed) throw new Error('the jq engine is closed');
    this.pool ??= new ReferencePool(this.options);
    const mergeable = expressions.every((expression) => this.finishedInTime.get(expression));
    const results = await this.pool.run(
      inputs,
      expressions.map((expression) => ({ expression, input: 0 })),
      mergeable,
    );
    return results.map((result, i) => this.toOutcome(expressions[i], result));
  }

  private toOutcome(expression: string, result: ReferenceResult): Outcome {
    if (result.ok) {
      this.finishedInTime.set(expression, true);
      return result;
    }
    let error: JqError;
    switch (result.kind) {
      case 'compile':
        this.compileErrors.set(expression, result.message);
        error = new JqCompileError(expression, result.message);
        break;
      case 'runtime':
        this.finishedInTime.set(expression, true);
        error = new JqRuntimeError(expression, result.value);
        break;
      case 'limit':
        error = new JqLimitError(expression, 'output', this.options.maxOutputBytes);
        break;
      case 'timeout':
        // Slow after all: run it alone from now on, so it cannot hold up a shared program.
        this.finishedInTime.delete(expression);
        error = new JqTimeoutError(expression, this.options.timeoutMs);
        break;
    }
    return { ok: false, error };
  }

  private inputTooLarge(expression: string): JqLimitError {
    return new JqLimitError(expression, 'input', this.options.maxInputBytes);
  }
}
