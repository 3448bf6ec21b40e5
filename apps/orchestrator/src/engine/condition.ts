import type { ConditionConfig } from '@flowline/workflow-schema';
import { describeJqError, type ExpressionEvaluator } from './expression-evaluator';
import type { TemplateContext } from './run-effects';

export type ConditionOutcome =
  /** `selectedOption` null: no option matched. */
  { ok: true; selectedOption: string | null } | { ok: false; message: string };

/**
 * Evaluates a CONDITION's options top to bottom as bare JQ over the template context (reference §6):
 * the first whose first output is truthy (anything but false, null or no output) wins. An expression
 * that errors stops the evaluation: the node fails.
 */
export async function evaluateCondition(
  expressions: ExpressionEvaluator,
  config: ConditionConfig,
  context: TemplateContext,
): Promise<ConditionOutcome> {
  for (const [index, option] of config.options.entries()) {
    let value: unknown;
    try {
      value = await expressions.evaluateFirst(option.expression, context);
    } catch (error) {
      return {
        ok: false,
        message: `option "${option.identifier}" (options[${index}].expression): ${describeJqError(error)}`,
      };
    }
    if (value !== undefined && value !== null && value !== false) {
      return { ok: true, selectedOption: option.identifier };
    }
  }
  return { ok: true, selectedOption: null };
}
