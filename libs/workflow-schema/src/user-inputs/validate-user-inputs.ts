import { JsonObject, isJsonObject } from '../json';
import { nestingDepth } from '../limits';
import { isJqQuery } from '../model/jq-query';
import { UserInputs } from '../model/user-inputs/user-inputs';
import { childPath } from '../paths';
import { Problem, ProblemCode, problem } from '../problems';
import { checkInputValue } from './input-validator';
import { EvaluateJq, FormContext, isTruthy, resolveFormValue } from './form-jq';

export interface ValidateUserInputsOptions {
  evaluateJq: EvaluateJq;
  context?: FormContext;
  /** Path prefix of the submission in problems; `inputs`, as in the run request body `{ inputs }`. */
  path?: string;
}

export interface UserInputsResult {
  /** The submission with defaults applied: only declared inputs, nulls dropped. */
  inputs: Record<string, unknown>;
  /** Every failing field; empty when the submission is acceptable. */
  problems: Problem[];
}

const MAX_SUBMISSION_DEPTH = 32;

/**
 * Checks a self-service submission against a trigger's `userInputs` and applies defaults (reference §3,
 * DESIGN.md §4.1). Order: unknown keys are refused; `null` counts as not given; literal defaults fill
 * gaps, then `{ jqQuery }` defaults in `order` (each sees the form as filled so far); hidden inputs
 * (`visible` false) are not required; `required` (a list or `{ jqQuery }`) is checked against the
 * filled form, with `""` counting as missing; then every present value is checked against its
 * definition: type, enum, min/max, item counts, uniqueness, formats.
 */
export async function validateUserInputs(
  userInputs: UserInputs,
  submission: unknown,
  options: ValidateUserInputsOptions,
): Promise<UserInputsResult> {
  const base = options.path ?? 'inputs';
  const problems: Problem[] = [];
  const definitions: JsonObject =
    isJsonObject(userInputs) && isJsonObject(userInputs.properties) ? userInputs.properties : {};
  const submitted = submission === undefined || submission === null ? {} : submission;
  if (!isJsonObject(submitted)) {
    return { inputs: {}, problems: [problem(base, ProblemCode.INPUT_TYPE, 'inputs must be an object')] };
  }
  if (nestingDepth(submitted, MAX_SUBMISSION_DEPTH) > MAX_SUBMISSION_DEPTH) {
    const message = `inputs are nested deeper than ${MAX_SUBMISSION_DEPTH} levels`;
    return { inputs: {}, problems: [problem(base, ProblemCode.INPUT_TYPE, message)] };
  }

  const form: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(submitted)) {
    if (!Object.prototype.hasOwnProperty.call(definitions, key)) {
      problems.push(
        problem(childPath(base, key), ProblemCode.UNKNOWN_INPUT, `"${key}" is not an input of this form`),
      );
    } else if (value !== null) {
      form[key] = value;
    }
  }

  const keys = orderedKeys(definitions, isJsonObject(userInputs) ? userInputs.order : undefined);
  const jqFailure = (key: string, what: string, error: string) =>
    problems.push(
      problem(childPath(base, key), ProblemCode.JQ_EVALUATION, `${what} could not be evaluated: ${error}`),
    );

  for (const key of keys) {
    const definition = definitions[key];
    if (
      form[key] === undefined &&
      isJsonObject(definition) &&
      definition.default !== undefined &&
      !isJqQuery(definition.default)
    ) {
      form[key] = definition.default;
    }
  }
  for (const key of keys) {
    const definition = definitions[key];
    if (form[key] !== undefined || !isJsonObject(definition) || !isJqQuery(definition.default)) continue;
    const resolved = await resolveFormValue(definition.default, form, options.evaluateJq, options.context);
    if (!resolved.ok) jqFailure(key, 'default', resolved.error);
    else if (resolved.value !== null && resolved.value !== undefined) form[key] = resolved.value;
  }

  const hidden = new Set<string>();
  for (const key of keys) {
    const definition = definitions[key];
    if (!isJsonObject(definition) || definition.visible === undefined) continue;
    const resolved = await resolveFormValue(definition.visible, form, options.evaluateJq, options.context);
    if (!resolved.ok) jqFailure(key, 'visible', resolved.error);
    else if (!isTruthy(resolved.value)) hidden.add(key);
  }

  for (const key of await requiredKeys(userInputs, form, options, base, problems)) {
    if (hidden.has(key)) continue;
    if (form[key] === undefined || form[key] === '') {
      problems.push(problem(childPath(base, key), ProblemCode.INPUT_REQUIRED, `"${key}" is required`));
    }
  }

  for (const key of keys) {
    const definition = definitions[key];
    if (form[key] === undefined || !isJsonObject(definition)) continue;
    problems.push(...checkInputValue(definition, form[key], childPath(base, key)));
  }
  return { inputs: form, problems };
}

/** `order` first, then the remaining inputs as declared: the order a user fills the form in. */
function orderedKeys(definitions: JsonObject, order: unknown): string[] {
  const declared = Object.keys(definitions);
  const ordered = Array.isArray(order) ? order.filter((key): key is string => declared.includes(key)) : [];
  return [...new Set([...ordered, ...declared])];
}

async function requiredKeys(
  userInputs: UserInputs,
  form: Record<string, unknown>,
  options: ValidateUserInputsOptions,
  base: string,
  problems: Problem[],
): Promise<string[]> {
  const required = isJsonObject(userInputs) ? userInputs.required : undefined;
  if (required === undefined) return [];
  const resolved = await resolveFormValue(required, form, options.evaluateJq, options.context);
  if (!resolved.ok) {
    problems.push(
      problem(base, ProblemCode.JQ_EVALUATION, `required could not be evaluated: ${resolved.error}`),
    );
    return [];
  }
  if (!Array.isArray(resolved.value) || !resolved.value.every((key) => typeof key === 'string')) {
    const message = 'required must be (or evaluate to) a list of input keys';
    problems.push(problem(base, ProblemCode.JQ_EVALUATION, message));
    return [];
  }
  return resolved.value;
}
