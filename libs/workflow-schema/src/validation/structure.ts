import { plainToInstance } from 'class-transformer';
import { ValidationError, ValidatorOptions, validateSync } from 'class-validator';
import { IS_IDENTIFIER } from '../model/identifier';
import { UnrecognisedNodeConfig } from '../model/node-config';
import { OpenObject } from '../model/open-object';
import { UnrecognisedInput } from '../model/user-inputs/user-input';
import { Workflow } from '../model/workflow';
import { childPath } from '../paths';
import { Problem, ProblemCode, problem } from '../problems';

const VALIDATOR_OPTIONS: ValidatorOptions = {
  // Unknown fields are refused so a typo (`synchronised`) is reported instead of silently ignored.
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  // One problem per field: "must be a string" makes "must be shorter than 60" noise.
  stopAtFirstError: true,
  validationError: { target: true, value: false },
};

/** Classes whose other keys are not worth reporting: their `type` is already the problem, or they are open. */
const KEYS_NOT_REPORTED = [UnrecognisedNodeConfig, UnrecognisedInput, OpenObject];

/**
 * Field-level checks of a normalised definition, from the class-validator model. Paths follow the JSON:
 * `nodes[2].config.url`, `nodes[0].config.userInputs.properties.replicas.maximum`.
 */
export function checkStructure(workflow: object): Problem[] {
  try {
    const instance = plainToInstance(Workflow, workflow);
    return toProblems(validateSync(instance, VALIDATOR_OPTIONS), '');
  } catch (error) {
    // Not expected for JSON input; reported rather than thrown so callers always get an answer.
    const message = `definition could not be validated: ${error instanceof Error ? error.message : String(error)}`;
    return [problem('', ProblemCode.INVALID_JSON, message)];
  }
}

function toProblems(errors: ValidationError[], parentPath: string): Problem[] {
  const problems: Problem[] = [];
  for (const error of errors) {
    const path = childPath(parentPath, segmentOf(error));
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      const code = codeFor(error, constraint);
      if (code) problems.push(problem(path, code, messageFor(error, constraint, message)));
    }
    if (error.children?.length) problems.push(...toProblems(error.children, path));
  }
  return problems;
}

/** Array elements are named by index and Map entries (input maps) by key; fields by name. */
function segmentOf(error: ValidationError): string | number {
  return Array.isArray(error.target) ? Number(error.property) : error.property;
}

function codeFor(error: ValidationError, constraint: string): ProblemCode | undefined {
  if (constraint === 'whitelistValidation') {
    return KEYS_NOT_REPORTED.some((kind) => error.target instanceof kind)
      ? undefined
      : ProblemCode.UNKNOWN_FIELD;
  }
  if (error.target instanceof UnrecognisedNodeConfig) return ProblemCode.UNKNOWN_NODE_TYPE;
  if (constraint === IS_IDENTIFIER) return ProblemCode.INVALID_IDENTIFIER;
  return ProblemCode.INVALID_FIELD;
}

/** class-validator's nested message ("each value in nested property x must be either object or array") misleads. */
function messageFor(error: ValidationError, constraint: string, message: string): string {
  if (constraint !== 'nestedValidation') return message;
  const name = Array.isArray(error.target) ? `entry ${error.property}` : error.property;
  return `${name} must be an object`;
}
