import { type FieldProblem } from '@flowline/contracts';
import { isJsonObject, jsonEquals } from '../json-values';
import { type PropertySchema, type PropertyType, type StringFormat } from './blueprint.model';

// Deliberately loose: one @, no spaces, a dot in the domain. Deliverability is the mail server's call.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// RFC 3339 / ISO 8601 date-time with a zone; seconds and fractions optional.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
const URL_WITH_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

const TYPE_NAMES: Record<PropertyType, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
};

export function isDateTime(value: string): boolean {
  return DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));
}

function isUrl(value: string): boolean {
  if (!URL_WITH_SCHEME.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** What a string of each format must be, phrased to follow "must be". */
const FORMAT_CHECKS: Record<StringFormat, (value: string) => string | undefined> = {
  'date-time': (v) =>
    isDateTime(v) ? undefined : 'an ISO-8601 date-time with a zone, e.g. 2026-01-28T10:00:00Z',
  timer: (v) => (isDateTime(v) ? undefined : 'an ISO-8601 date-time with a zone, e.g. 2026-01-28T10:00:00Z'),
  url: (v) => (isUrl(v) ? undefined : 'a URL with a scheme, e.g. https://example.com'),
  email: (v) => (EMAIL.test(v) ? undefined : 'an email address'),
  markdown: () => undefined,
};

function hasType(value: unknown, type: PropertyType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return isJsonObject(value);
    case 'array':
      return Array.isArray(value);
  }
}

/** Checks one non-null property value against its schema; returns every problem, each with its path. */
export function checkPropertyValue(schema: PropertySchema, value: unknown, path: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!hasType(value, schema.type)) return [{ path, message: `must be ${TYPE_NAMES[schema.type]}` }];
  if (typeof value === 'string') {
    const expected = schema.format ? FORMAT_CHECKS[schema.format](value) : undefined;
    if (expected) problems.push({ path, message: `must be ${expected}` });
    if (schema.minLength !== undefined && value.length < schema.minLength)
      problems.push({ path, message: `must be at least ${schema.minLength} characters long` });
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      problems.push({ path, message: `must be at most ${schema.maxLength} characters long` });
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum)
      problems.push({ path, message: `must be at least ${schema.minimum}` });
    if (schema.maximum !== undefined && value > schema.maximum)
      problems.push({ path, message: `must be at most ${schema.maximum}` });
  }
  if (Array.isArray(value) && schema.items) {
    const items = schema.items as PropertySchema;
    value.forEach((item, i) => problems.push(...checkPropertyValue(items, item, `${path}[${i}]`)));
  }
  if (
    schema.type !== 'array' &&
    Array.isArray(schema.enum) &&
    !schema.enum.some((allowed) => jsonEquals(allowed, value))
  ) {
    problems.push({
      path,
      message: `must be one of: ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`,
    });
  }
  return problems;
}
