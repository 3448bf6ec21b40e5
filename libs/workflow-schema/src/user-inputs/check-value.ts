import { JsonObject, isJsonObject, jsonEquals } from '../json';
import { childPath } from '../paths';
import { Problem, ProblemCode, problem } from '../problems';
import { STRING_FORMAT_CHECKS, checkLabeledUrl } from './formats';

/**
 * Checks one submitted value against its input definition (or a nested JSON-Schema-like definition
 * inside an object or array input) and returns every problem found, not just the first.
 */
export function checkInputValue(definition: JsonObject, value: unknown, path: string): Problem[] {
  const problems: Problem[] = [];
  const fail = (code: Problem['code'], message: string, at = path) =>
    problems.push(problem(at, code, message));
  const type = definition.type;

  // Entity inputs arrive as identifiers (beta UI) or entity objects (classic actions); both are stored.
  if (type === 'string' && definition.format === 'entity' && isJsonObject(value)) {
    const expected = STRING_FORMAT_CHECKS.entity(value);
    return expected ? [problem(path, ProblemCode.INPUT_FORMAT, `must be ${expected}`)] : [];
  }
  if (typeof type === 'string' && !hasType(value, type)) {
    fail(ProblemCode.INPUT_TYPE, `must be ${TYPE_NAMES[type] ?? `of type ${type}`}`);
    return problems;
  }
  if (type === 'string') checkString(definition, value as string, fail);
  if (type === 'number' || type === 'integer') checkNumber(definition, value as number, fail);
  if (type === 'array') problems.push(...checkArray(definition, value as unknown[], path));
  if (type === 'object') problems.push(...checkObject(definition, value as JsonObject, path));
  // For arrays `enum` constrains each element (checkArray); elsewhere the whole value.
  if (
    type !== 'array' &&
    Array.isArray(definition.enum) &&
    !definition.enum.some((allowed) => jsonEquals(allowed, value))
  ) {
    fail(
      ProblemCode.INPUT_ENUM,
      `must be one of: ${definition.enum.map((v) => JSON.stringify(v)).join(', ')}`,
    );
  }
  return problems;
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

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isJsonObject(value);
    case 'null':
      return value === null;
    default:
      return false;
  }
}

type Fail = (code: Problem['code'], message: string, at?: string) => void;

function checkString(definition: JsonObject, value: string, fail: Fail) {
  const format = typeof definition.format === 'string' ? STRING_FORMAT_CHECKS[definition.format] : undefined;
  const expected = format?.(value);
  if (expected) fail(ProblemCode.INPUT_FORMAT, `must be ${expected}`);
  if (typeof definition.minLength === 'number' && value.length < definition.minLength) {
    fail(ProblemCode.INPUT_LENGTH, `must be at least ${definition.minLength} characters`);
  }
  if (typeof definition.maxLength === 'number' && value.length > definition.maxLength) {
    fail(ProblemCode.INPUT_LENGTH, `must be at most ${definition.maxLength} characters`);
  }
  if (typeof definition.pattern === 'string' && !matches(definition.pattern, value)) {
    fail(ProblemCode.INPUT_FORMAT, `must match the pattern ${definition.pattern}`);
  }
}

/** An invalid pattern in the definition is the author's mistake, not the submitter's: it never fails. */
function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return true;
  }
}

function checkNumber(definition: JsonObject, value: number, fail: Fail) {
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = definition;
  if (typeof minimum === 'number' && value < minimum)
    fail(ProblemCode.INPUT_RANGE, `must be at least ${minimum}`);
  if (typeof maximum === 'number' && value > maximum)
    fail(ProblemCode.INPUT_RANGE, `must be at most ${maximum}`);
  if (typeof exclusiveMinimum === 'number' && value <= exclusiveMinimum) {
    fail(ProblemCode.INPUT_RANGE, `must be greater than ${exclusiveMinimum}`);
  }
  if (typeof exclusiveMaximum === 'number' && value >= exclusiveMaximum) {
    fail(ProblemCode.INPUT_RANGE, `must be less than ${exclusiveMaximum}`);
  }
}

function checkArray(definition: JsonObject, value: unknown[], path: string): Problem[] {
  const problems: Problem[] = [];
  const { minItems, maxItems, items } = definition;
  if (typeof minItems === 'number' && value.length < minItems) {
    problems.push(problem(path, ProblemCode.INPUT_LENGTH, `must have at least ${minItems} items`));
  }
  if (typeof maxItems === 'number' && value.length > maxItems) {
    problems.push(problem(path, ProblemCode.INPUT_LENGTH, `must have at most ${maxItems} items`));
  }
  value.forEach((item, index) => {
    const itemPath = childPath(path, index);
    if (
      definition.uniqueItems === true &&
      value.slice(0, index).some((earlier) => jsonEquals(earlier, item))
    ) {
      problems.push(
        problem(itemPath, ProblemCode.INPUT_UNIQUE_ITEMS, 'repeats an earlier item; items must be unique'),
      );
    }
    if (Array.isArray(definition.enum) && !definition.enum.some((allowed) => jsonEquals(allowed, item))) {
      const allowed = definition.enum.map((v) => JSON.stringify(v)).join(', ');
      problems.push(problem(itemPath, ProblemCode.INPUT_ENUM, `must be one of: ${allowed}`));
    }
    if (isJsonObject(items)) problems.push(...checkInputValue(items, item, itemPath));
  });
  return problems;
}

function checkObject(definition: JsonObject, value: JsonObject, path: string): Problem[] {
  if (definition.format === 'labeled-url') {
    const expected = checkLabeledUrl(value);
    return expected ? [problem(path, ProblemCode.INPUT_FORMAT, `must be ${expected}`)] : [];
  }
  const problems: Problem[] = [];
  const properties = isJsonObject(definition.properties) ? definition.properties : {};
  const patterns = isJsonObject(definition.patternProperties)
    ? Object.entries(definition.patternProperties)
    : [];
  if (Array.isArray(definition.required)) {
    for (const key of definition.required) {
      if (typeof key === 'string' && value[key] === undefined) {
        problems.push(problem(childPath(path, key), ProblemCode.INPUT_REQUIRED, 'is required'));
      }
    }
  }
  for (const [key, item] of Object.entries(value)) {
    const itemPath = childPath(path, key);
    const known = properties[key];
    const patterned = patterns.filter(([pattern]) => safeTest(pattern, key));
    if (isJsonObject(known)) problems.push(...checkInputValue(known, item, itemPath));
    for (const [, schema] of patterned)
      if (isJsonObject(schema)) problems.push(...checkInputValue(schema, item, itemPath));
    if (known !== undefined || patterned.length > 0) continue;
    if (definition.additionalProperties === false) {
      problems.push(problem(itemPath, ProblemCode.UNKNOWN_INPUT, 'is not a field of this object'));
    } else if (isJsonObject(definition.additionalProperties)) {
      problems.push(...checkInputValue(definition.additionalProperties, item, itemPath));
    }
  }
  return problems;
}

function safeTest(pattern: string, key: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(key);
  } catch {
    return false;
  }
}
