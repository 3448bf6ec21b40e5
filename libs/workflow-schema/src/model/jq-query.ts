import { ValidationOptions } from 'class-validator';
import { simpleValidator } from './simple-validator';
import { isJsonObject } from '../json';

/** A value computed by JQ when the form is shown or submitted (reference §3), e.g. a default. */
export interface JqQuery {
  jqQuery: string;
}

export function isJqQuery(value: unknown): value is JqQuery {
  return isJsonObject(value) && typeof value.jqQuery === 'string' && Object.keys(value).length === 1;
}

/** An object that tries to be `{ jqQuery }` but is malformed, e.g. `{ jqQuery: 3 }` or extra keys. */
export function looksLikeJqQuery(value: unknown): boolean {
  return isJsonObject(value) && 'jqQuery' in value;
}

export const IS_BOOLEAN_OR_JQ_QUERY = 'isBooleanOrJqQuery';
export const IS_STRING_LIST_OR_JQ_QUERY = 'isStringListOrJqQuery';
export const IS_LITERAL_OR_JQ_QUERY = 'isLiteralOrJqQuery';

/** `visible`: a boolean, or `{ jqQuery }` evaluated against the form. */
export const IsBooleanOrJqQuery = (options?: ValidationOptions) =>
  simpleValidator(
    IS_BOOLEAN_OR_JQ_QUERY,
    (value) => typeof value === 'boolean' || isJqQuery(value),
    'must be a boolean or { "jqQuery": string }',
    options,
  );

/** `userInputs.required`: a list of input keys, or `{ jqQuery }` that yields one. */
export const IsStringListOrJqQuery = (options?: ValidationOptions) =>
  simpleValidator(
    IS_STRING_LIST_OR_JQ_QUERY,
    (value) => (Array.isArray(value) && value.every((item) => typeof item === 'string')) || isJqQuery(value),
    'must be a list of input keys or { "jqQuery": string }',
    options,
  );

/** `default`: any literal, but an object with a `jqQuery` key must be exactly `{ jqQuery: string }`. */
export const IsLiteralOrJqQuery = (options?: ValidationOptions) =>
  simpleValidator(
    IS_LITERAL_OR_JQ_QUERY,
    (value) => !looksLikeJqQuery(value) || isJqQuery(value),
    'must be a literal value or exactly { "jqQuery": string }',
    options,
  );
