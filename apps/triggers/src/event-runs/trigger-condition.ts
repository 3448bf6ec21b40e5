import { type EventTrigger } from '../definitions/indexed-workflow';

/** The first output of a bare JQ expression (undefined when it has none); `@flowline/jq`'s engine fits. */
export type EvaluateFirst = (expression: string, input: unknown) => Promise<unknown>;

export type ConditionOutcome =
  | { ok: true; matched: boolean }
  /** An expression failed (runtime error, time limit): the trigger does not fire. */
  | { ok: false; expression: string; error: string };

/**
 * An event trigger's JQ condition over the event object (reference §4): `and` needs every expression
 * true, `or` any; an expression is true when its first output is neither false, null nor missing (jq
 * truthiness, as the orchestrator's CONDITION nodes use). Evaluation stops as soon as the answer is known.
 */
export async function evaluateTriggerCondition(
  condition: EventTrigger['condition'],
  event: unknown,
  evaluateFirst: EvaluateFirst,
): Promise<ConditionOutcome> {
  if (!condition || condition.expressions.length === 0) return { ok: true, matched: true };
  const wanted = condition.combinator === 'or';
  for (const expression of condition.expressions) {
    let value: unknown;
    try {
      value = await evaluateFirst(expression, event);
    } catch (error) {
      return { ok: false, expression, error: error instanceof Error ? error.message : String(error) };
    }
    // `or` stops at the first true expression, `and` at the first false one.
    if (isTruthy(value) === wanted) return { ok: true, matched: wanted };
  }
  return { ok: true, matched: !wanted };
}

function isTruthy(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false;
}
