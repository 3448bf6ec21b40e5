import { ValidationOptions } from 'class-validator';
import { simpleValidator } from './simple-validator';
import { isJsonObject } from '../json';

// Free-form JSON fields (request bodies, payloads, header maps) are checked only for their outer shape;
// their contents are the user's and may hold `{{ }}` templates anywhere.

export const IS_JSON_OBJECT = 'isJsonObject';
export const IS_OBJECT_OR_ARRAY = 'isObjectOrArray';
export const IS_STRING_RECORD = 'isStringRecord';
export const IS_NULLABLE_STRING_RECORD = 'isNullableStringRecord';
export const IS_RELATION_RECORD = 'isRelationRecord';
export const IS_STRING_OR_STRING_LIST = 'isStringOrStringList';
export const IS_BOOLEAN_OR_STRING = 'isBooleanOrString';

const everyValue = (value: unknown, test: (item: unknown) => boolean) =>
  isJsonObject(value) && Object.values(value).every(test);

const isString = (item: unknown) => typeof item === 'string';

export const IsJsonObjectValue = (options?: ValidationOptions) =>
  simpleValidator(IS_JSON_OBJECT, isJsonObject, 'must be an object', options);

export const IsObjectOrArray = (options?: ValidationOptions) =>
  simpleValidator(
    IS_OBJECT_OR_ARRAY,
    (v) => isJsonObject(v) || Array.isArray(v),
    'must be an object or an array',
    options,
  );

export const IsStringRecord = (options?: ValidationOptions) =>
  simpleValidator(IS_STRING_RECORD, (v) => everyValue(v, isString), 'must be an object of strings', options);

/** Node `variables`: `null` (or `"{{ null }}"`) drops a key from the output (reference §8.3). */
export const IsNullableStringRecord = (options?: ValidationOptions) =>
  simpleValidator(
    IS_NULLABLE_STRING_RECORD,
    (v) => everyValue(v, (item) => item === null || typeof item === 'string'),
    'must be an object of strings or nulls',
    options,
  );

/** Entity relations: an identifier, a list of identifiers, or null to clear (reference §5.3). */
export const IsRelationRecord = (options?: ValidationOptions) =>
  simpleValidator(
    IS_RELATION_RECORD,
    (v) =>
      everyValue(
        v,
        (item) => item === null || isString(item) || (Array.isArray(item) && item.every(isString)),
      ),
    'must map relation names to an identifier, a list of identifiers or null',
    options,
  );

export const IsStringOrStringList = (options?: ValidationOptions) =>
  simpleValidator(
    IS_STRING_OR_STRING_LIST,
    (v) => isString(v) || (Array.isArray(v) && v.every(isString)),
    'must be a string or a list of strings',
    options,
  );

export const IsBooleanOrString = (options?: ValidationOptions) =>
  simpleValidator(
    IS_BOOLEAN_OR_STRING,
    (v) => typeof v === 'boolean' || isString(v),
    'must be a boolean or a string',
    options,
  );

export const IS_BOOLEAN_OR_OBJECT = 'isBooleanOrObject';

/** JSON Schema's `additionalProperties`: false/true, or a schema for the extra values. */
export const IsBooleanOrObject = (options?: ValidationOptions) =>
  simpleValidator(
    IS_BOOLEAN_OR_OBJECT,
    (v) => typeof v === 'boolean' || isJsonObject(v),
    'must be a boolean or an object',
    options,
  );

export const MAX_KEYS = 'maxKeys';

export const MaxKeys = (max: number, options?: ValidationOptions) =>
  simpleValidator(
    MAX_KEYS,
    (v) => !isJsonObject(v) || Object.keys(v).length <= max,
    `must have at most ${max} keys`,
    options,
    [max],
  );
