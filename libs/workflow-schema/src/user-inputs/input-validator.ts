import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { JsonObject, isJsonObject } from '../json';
import { childPath } from '../paths';
import { Problem, ProblemCode, problem } from '../problems';
import { STRING_FORMAT_CHECKS, checkLabeledUrl } from './formats';
import { inputSchema } from './input-schema';

/**
 * One ajv instance for every input check: JSON Schema's keywords, `ajv-formats`' standard formats, Port's
 * own formats (`user`, `team`, `yaml`, ... and Flowline's looser `email`/`url`/`date-time`, which
 * override the standard ones), and Port's two object-valued extensions as keywords.
 */
const ajv = new Ajv({ allErrors: true, strict: false, logger: false, unicodeRegExp: true });
addFormats(ajv);
for (const [name, check] of Object.entries(STRING_FORMAT_CHECKS)) {
  ajv.addFormat(name, { type: 'string', validate: (value: string) => check(value) === undefined });
}
for (const anyString of ['none', 'multi-line', 'markdown', 'proto']) ajv.addFormat(anyString, () => true);
ajv.addKeyword({
  keyword: 'entityInput',
  schemaType: 'boolean',
  validate: (_schema: boolean, value: unknown) => STRING_FORMAT_CHECKS.entity(value) === undefined,
});
ajv.addKeyword({
  keyword: 'labeledUrl',
  type: 'object',
  schemaType: 'boolean',
  validate: (_schema: boolean, value: JsonObject) => checkLabeledUrl(value) === undefined,
});

const MAX_CACHED = 1000;
const compiled = new Map<string, ValidateFunction>();

function validatorFor(definition: JsonObject): ValidateFunction {
  const schema = inputSchema(definition);
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    if (compiled.size >= MAX_CACHED) compiled.clear();
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  return validate;
}

/**
 * Checks one submitted value against its input definition (or a nested definition inside an object or
 * array input) and returns every problem found, each at its path: a value of the wrong type gets only
 * that problem, as the other checks would say nothing useful about it.
 */
export function checkInputValue(definition: JsonObject, value: unknown, path: string): Problem[] {
  const validate = validatorFor(definition);
  if (validate(value)) return [];
  const problems = (validate.errors ?? []).map((error) => toProblem(error, value, path));
  const mistyped = new Set(problems.filter((p) => p.code === ProblemCode.INPUT_TYPE).map((p) => p.path));
  return problems.filter((p) => p.code === ProblemCode.INPUT_TYPE || !mistyped.has(p.path));
}

function toProblem(error: ErrorObject, root: unknown, base: string): Problem {
  const { path, value } = locate(root, error.instancePath, base);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type': {
      const types = String(params.type).split(',');
      const names = types.map((type) => TYPE_NAMES[type] ?? `of type ${type}`).join(' or ');
      return problem(path, ProblemCode.INPUT_TYPE, `must be ${names}`);
    }
    case 'enum':
      return problem(
        path,
        ProblemCode.INPUT_ENUM,
        `must be one of: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      );
    case 'format': {
      const expected =
        STRING_FORMAT_CHECKS[String(params.format)]?.(value) ?? `a valid ${String(params.format)}`;
      return problem(path, ProblemCode.INPUT_FORMAT, `must be ${expected}`);
    }
    case 'entityInput':
      return problem(path, ProblemCode.INPUT_FORMAT, `must be ${STRING_FORMAT_CHECKS.entity(value)}`);
    case 'labeledUrl':
      return problem(path, ProblemCode.INPUT_FORMAT, `must be ${checkLabeledUrl(value as JsonObject)}`);
    case 'pattern':
      return problem(path, ProblemCode.INPUT_FORMAT, `must match the pattern ${String(params.pattern)}`);
    case 'minLength':
      return problem(path, ProblemCode.INPUT_LENGTH, `must be at least ${String(params.limit)} characters`);
    case 'maxLength':
      return problem(path, ProblemCode.INPUT_LENGTH, `must be at most ${String(params.limit)} characters`);
    case 'minItems':
      return problem(path, ProblemCode.INPUT_LENGTH, `must have at least ${String(params.limit)} items`);
    case 'maxItems':
      return problem(path, ProblemCode.INPUT_LENGTH, `must have at most ${String(params.limit)} items`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return problem(
        path,
        ProblemCode.INPUT_RANGE,
        `must be ${RANGE_WORDS[error.keyword]} ${String(params.limit)}`,
      );
    case 'uniqueItems':
      return problem(
        childPath(path, Math.max(Number(params.i), Number(params.j))),
        ProblemCode.INPUT_UNIQUE_ITEMS,
        'repeats an earlier item; items must be unique',
      );
    case 'required':
      return problem(
        childPath(path, String(params.missingProperty)),
        ProblemCode.INPUT_REQUIRED,
        'is required',
      );
    case 'additionalProperties':
      return problem(
        childPath(path, String(params.additionalProperty)),
        ProblemCode.UNKNOWN_INPUT,
        'is not a field of this object',
      );
    default:
      return problem(path, ProblemCode.INPUT_FORMAT, error.message ?? `fails ${error.keyword}`);
  }
}

/** Our path (`inputs.tags[2]`, `inputs.config["x-a"]`) and the value at ajv's JSON-pointer instance path. */
function locate(root: unknown, pointer: string, base: string): { path: string; value: unknown } {
  let path = base;
  let value = root;
  if (!pointer) return { path, value };
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value)) {
      path = childPath(path, Number(segment));
      value = value[Number(segment)];
    } else {
      path = childPath(path, segment);
      value = isJsonObject(value) ? value[segment] : undefined;
    }
  }
  return { path, value };
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  array: 'an array',
  object: 'an object',
  null: 'null',
};

const RANGE_WORDS: Record<string, string> = {
  minimum: 'at least',
  maximum: 'at most',
  exclusiveMinimum: 'greater than',
  exclusiveMaximum: 'less than',
};
