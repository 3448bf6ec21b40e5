import { type FieldProblem } from '@flowline/contracts';
import { isJsonObject, type JsonObject } from '../json-values';
import {
  BLUEPRINT_IDENTIFIER_PATTERN,
  type BlueprintDefinition,
  PROPERTY_TYPES,
  type PropertySchema,
  type PropertyType,
  type RelationDefinition,
  STRING_FORMATS,
} from './blueprint.model';
import { checkPropertyValue } from './property-values';

/** Property and relation identifiers: the same characters as a blueprint's. */
const MEMBER_IDENTIFIER_PATTERN = /^[A-Za-z0-9@_=-]+$/;
const MEMBER_IDENTIFIER_MAX_LENGTH = 100;
const MAX_PROPERTIES = 500;
const MAX_RELATIONS = 100;

/** What a caller sends (already past the DTO's shape checks); its members are checked here. */
export interface BlueprintInput {
  identifier: string;
  title: string;
  icon?: string | null;
  description?: string | null;
  schema: { properties: JsonObject; required?: string[] };
  relations?: JsonObject;
}

export type BlueprintCheck =
  { ok: true; blueprint: BlueprintDefinition } | { ok: false; problems: FieldProblem[] };

/**
 * Checks every property and relation definition and returns the normalised blueprint (relation `many`
 * and `required` default to false). Whether relation targets exist is the caller's question.
 */
export function checkBlueprint(input: BlueprintInput): BlueprintCheck {
  const problems: FieldProblem[] = [];
  const properties = checkProperties(input.schema.properties, problems);
  const required = input.schema.required ?? [];
  required.forEach((name, i) => {
    if (!Object.prototype.hasOwnProperty.call(input.schema.properties, name)) {
      problems.push({
        path: `schema.required[${i}]`,
        message: `"${name}" is not a property of this blueprint`,
      });
    }
  });
  const relations = checkRelations(input.relations ?? {}, problems);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    blueprint: {
      identifier: input.identifier,
      title: input.title,
      icon: input.icon ?? null,
      description: input.description ?? null,
      schema: { properties, required: [...new Set(required)] },
      relations,
    },
  };
}

function checkProperties(raw: JsonObject, problems: FieldProblem[]): Record<string, PropertySchema> {
  const entries = Object.entries(raw);
  if (entries.length > MAX_PROPERTIES) {
    problems.push({ path: 'schema.properties', message: `at most ${MAX_PROPERTIES} properties` });
  }
  const properties: Record<string, PropertySchema> = {};
  for (const [name, definition] of entries) {
    const path = `schema.properties.${name}`;
    checkMemberIdentifier(name, path, problems);
    if (!isJsonObject(definition)) {
      problems.push({ path, message: 'must be an object with a type' });
      continue;
    }
    const before = problems.length;
    checkPropertySchema(definition, path, problems);
    if (problems.length === before) properties[name] = definition as PropertySchema;
  }
  return properties;
}

function checkPropertySchema(definition: JsonObject, path: string, problems: FieldProblem[]): void {
  const start = problems.length;
  const fail = (at: string, message: string) => problems.push({ path: `${path}${at}`, message });
  const type = definition.type;
  if (!isOneOf(PROPERTY_TYPES, type)) {
    fail('.type', `must be one of: ${PROPERTY_TYPES.join(', ')}`);
    return;
  }
  checkFormat(type, definition.format, '.format', fail);
  if (definition.items !== undefined) {
    if (type !== 'array') fail('.items', 'is only allowed on array properties');
    else if (!isJsonObject(definition.items)) fail('.items', 'must be an object with a type');
    else if (!isOneOf(PROPERTY_TYPES, definition.items.type))
      fail('.items.type', `must be one of: ${PROPERTY_TYPES.join(', ')}`);
    else {
      checkFormat(definition.items.type, definition.items.format, '.items.format', fail);
      checkEnum(definition.items as PropertySchema, '.items.enum', fail);
    }
  }
  for (const bound of ['minimum', 'maximum'] as const) {
    if (definition[bound] === undefined) continue;
    if (type !== 'number') fail(`.${bound}`, 'is only allowed on number properties');
    else if (typeof definition[bound] !== 'number') fail(`.${bound}`, 'must be a number');
  }
  for (const bound of ['minLength', 'maxLength'] as const) {
    if (definition[bound] === undefined) continue;
    if (type !== 'string') fail(`.${bound}`, 'is only allowed on string properties');
    else if (!Number.isInteger(definition[bound]) || (definition[bound] as number) < 0)
      fail(`.${bound}`, 'must be a non-negative integer');
  }
  if (type !== 'array') checkEnum(definition as PropertySchema, '.enum', fail);
  else if (definition.enum !== undefined) fail('.enum', 'constrains array elements through items.enum');
  for (const text of ['title', 'description', 'icon'] as const) {
    if (definition[text] !== undefined && typeof definition[text] !== 'string')
      fail(`.${text}`, 'must be a string');
  }
  // A default is only checked against a definition that is itself sound.
  if (problems.length === start && definition.default !== undefined && definition.default !== null) {
    for (const problem of checkPropertyValue(
      definition as PropertySchema,
      definition.default,
      `${path}.default`,
    )) {
      problems.push(problem);
    }
  }
}

function checkFormat(
  type: PropertyType,
  format: unknown,
  at: string,
  fail: (at: string, m: string) => void,
): void {
  if (format === undefined) return;
  if (type !== 'string') fail(at, 'formats are only allowed on string properties');
  else if (!isOneOf(STRING_FORMATS, format)) fail(at, `must be one of: ${STRING_FORMATS.join(', ')}`);
}

function checkEnum(definition: PropertySchema, at: string, fail: (at: string, m: string) => void): void {
  if (definition.enum === undefined) return;
  if (!Array.isArray(definition.enum) || definition.enum.length === 0) {
    fail(at, 'must be a non-empty array');
    return;
  }
  const bare = { ...definition, enum: undefined };
  definition.enum.forEach((value, i) => {
    if (checkPropertyValue(bare, value, '').length > 0)
      fail(`${at}[${i}]`, `must be a valid ${definition.type}`);
  });
}

function checkRelations(raw: JsonObject, problems: FieldProblem[]): Record<string, RelationDefinition> {
  const entries = Object.entries(raw);
  if (entries.length > MAX_RELATIONS)
    problems.push({ path: 'relations', message: `at most ${MAX_RELATIONS} relations` });
  const relations: Record<string, RelationDefinition> = {};
  for (const [name, definition] of entries) {
    const path = `relations.${name}`;
    checkMemberIdentifier(name, path, problems);
    if (!isJsonObject(definition)) {
      problems.push({ path, message: 'must be an object with a target' });
      continue;
    }
    const before = problems.length;
    const { target, many, required, title, description } = definition;
    if (typeof target !== 'string' || !BLUEPRINT_IDENTIFIER_PATTERN.test(target)) {
      problems.push({ path: `${path}.target`, message: 'must be a blueprint identifier' });
    }
    for (const [key, value] of Object.entries({ many, required })) {
      if (value !== undefined && typeof value !== 'boolean') {
        problems.push({ path: `${path}.${key}`, message: 'must be a boolean' });
      }
    }
    for (const [key, value] of Object.entries({ title, description })) {
      if (value !== undefined && value !== null && typeof value !== 'string') {
        problems.push({ path: `${path}.${key}`, message: 'must be a string' });
      }
    }
    if (problems.length > before) continue;
    relations[name] = {
      ...(typeof title === 'string' ? { title } : {}),
      ...(typeof description === 'string' ? { description } : {}),
      target: target as string,
      many: many === true,
      required: required === true,
    };
  }
  return relations;
}

function checkMemberIdentifier(name: string, path: string, problems: FieldProblem[]): void {
  if (!MEMBER_IDENTIFIER_PATTERN.test(name) || name.length > MEMBER_IDENTIFIER_MAX_LENGTH) {
    problems.push({
      path,
      message: `identifiers use letters, digits and @ _ = - (at most ${MEMBER_IDENTIFIER_MAX_LENGTH})`,
    });
  }
}

function isOneOf<T extends string>(allowed: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}
