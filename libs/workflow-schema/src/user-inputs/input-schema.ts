import { JsonObject, isJsonObject } from '../json';

/**
 * Turns an input definition (Port's JSON-Schema-like `userInputs` property, or a nested one) into a JSON
 * Schema ajv compiles, keeping only what the form means for a value:
 * - Port's extensions become custom keywords: a string `format: "entity"` takes an identifier or an
 *   entity object (`entityInput`), an object `format: "labeled-url"` is `{ url, displayText? }`
 *   (`labeledUrl`), and `enum` on an array constrains each element;
 * - a keyword whose value is not what JSON Schema expects (a definition is the author's, and may be
 *   garbage), and a `pattern` that is no valid regular expression, are dropped: they never fail a
 *   submitter. Presentation keywords (`title`, `visible`, `dataset`, `blueprint`, ...) are ignored.
 */
export function inputSchema(definition: JsonObject): JsonObject {
  const schema: JsonObject = {};
  const { type, format } = definition;
  if (type === 'string' && format === 'entity') return { type: ['string', 'object'], entityInput: true };
  if (typeof type === 'string' && JSON_TYPES.has(type)) schema.type = type;
  if (type === 'object' && format === 'labeled-url') return { type: 'object', labeledUrl: true };
  if (typeof format === 'string' && type === 'string') schema.format = format;

  for (const keyword of NUMBER_KEYWORDS) {
    const value = definition[keyword];
    if (typeof value === 'number' && Number.isFinite(value)) schema[keyword] = value;
  }
  for (const keyword of COUNT_KEYWORDS) {
    const value = definition[keyword];
    if (Number.isInteger(value) && (value as number) >= 0) schema[keyword] = value;
  }
  if (typeof definition.pattern === 'string' && isRegExp(definition.pattern))
    schema.pattern = definition.pattern;
  if (definition.uniqueItems === true) schema.uniqueItems = true;

  const elementEnum = Array.isArray(definition.enum) && type === 'array' ? definition.enum : undefined;
  if (Array.isArray(definition.enum) && !elementEnum) schema.enum = definition.enum;
  if (type === 'array') {
    const items = isJsonObject(definition.items) ? inputSchema(definition.items) : undefined;
    if (items || elementEnum)
      schema.items = { ...(items ?? {}), ...(elementEnum ? { enum: elementEnum } : {}) };
  }
  if (type === 'object') Object.assign(schema, objectKeywords(definition));
  return schema;
}

function objectKeywords(definition: JsonObject): JsonObject {
  const schema: JsonObject = {};
  if (isJsonObject(definition.properties)) {
    schema.properties = Object.fromEntries(
      Object.entries(definition.properties)
        .filter(([, child]) => isJsonObject(child))
        .map(([key, child]) => [key, inputSchema(child as JsonObject)]),
    );
  }
  if (isJsonObject(definition.patternProperties)) {
    schema.patternProperties = Object.fromEntries(
      Object.entries(definition.patternProperties)
        .filter(([pattern, child]) => isRegExp(pattern) && isJsonObject(child))
        .map(([pattern, child]) => [pattern, inputSchema(child as JsonObject)]),
    );
  }
  if (Array.isArray(definition.required)) {
    schema.required = [...new Set(definition.required.filter((key) => typeof key === 'string'))];
  }
  const additional = definition.additionalProperties;
  if (additional === false) schema.additionalProperties = false;
  else if (isJsonObject(additional)) schema.additionalProperties = inputSchema(additional);
  return schema;
}

const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object', 'null']);
const NUMBER_KEYWORDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const;
const COUNT_KEYWORDS = ['minLength', 'maxLength', 'minItems', 'maxItems'] as const;

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}
