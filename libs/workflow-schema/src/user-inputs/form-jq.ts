import { isJqQuery } from '../model/jq-query';

/** Evaluates one JQ program against one input; supplied by the caller (e.g. `@flowline/jq`'s engine). */
export type EvaluateJq = (expression: string, input: unknown) => Promise<unknown>;

/** Who is filling in the form, and the run if it exists yet. */
export interface FormContext {
  /** Becomes `.trigger.by`, e.g. `{ orgId, userId, user: { email, firstName, lastName } }`. */
  by?: Record<string, unknown>;
  /** Becomes `.run.id`; absent while a submission is being validated before the run exists. */
  runId?: string;
}

/**
 * The input of every form-time `{ jqQuery }` (`default`, `visible`, `required`; reference §3):
 * `{ form, inputs, trigger: { by }, run: { id } }`. `.form.<key>` holds the current form values;
 * `.inputs` is the same object because some reference examples read `.inputs.<key>`.
 */
export function formJqInput(form: Record<string, unknown>, context: FormContext = {}) {
  // A snapshot: the form keeps filling in after this call, the engine must see it as it was.
  const snapshot = { ...form };
  return {
    form: snapshot,
    inputs: snapshot,
    trigger: { by: context.by ?? {} },
    run: { id: context.runId ?? null },
  };
}

export type Evaluation = { ok: true; value: unknown } | { ok: false; error: string };

/** A literal stays as it is; a `{ jqQuery }` is evaluated. Errors come back as values, never thrown. */
export async function resolveFormValue(
  value: unknown,
  form: Record<string, unknown>,
  evaluateJq: EvaluateJq,
  context?: FormContext,
): Promise<Evaluation> {
  if (!isJqQuery(value)) return { ok: true, value };
  try {
    return { ok: true, value: await evaluateJq(value.jqQuery, formJqInput(form, context)) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** jq truthiness: everything but `false` and `null` is true. */
export function isTruthy(value: unknown): boolean {
  return value !== false && value !== null && value !== undefined;
}
