import { type JsonObject } from '../json-values';

export const PROPERTY_TYPES = ['string', 'number', 'boolean', 'object', 'array'] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

/** String formats the catalog checks; `markdown` takes any string, `timer` is an expiring date-time. */
export const STRING_FORMATS = ['date-time', 'url', 'email', 'timer', 'markdown'] as const;
export type StringFormat = (typeof STRING_FORMATS)[number];

export const BLUEPRINT_IDENTIFIER_PATTERN = /^[A-Za-z0-9@_=-]+$/;
export const BLUEPRINT_IDENTIFIER_MAX_LENGTH = 100;

/**
 * One property of a blueprint's schema. Unknown display keys (`icon`, `description`, `enumColors`, ...)
 * are kept as sent; only the keys below are enforced on entities.
 */
export interface PropertySchema extends JsonObject {
  type: PropertyType;
  format?: StringFormat;
  enum?: unknown[];
  title?: string;
  default?: unknown;
  items?: { type: PropertyType; format?: StringFormat; enum?: unknown[] };
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
}

export interface RelationDefinition {
  title?: string;
  description?: string;
  target: string;
  many: boolean;
  required: boolean;
}

export interface BlueprintDefinition {
  identifier: string;
  title: string;
  icon: string | null;
  description: string | null;
  schema: { properties: Record<string, PropertySchema>; required: string[] };
  relations: Record<string, RelationDefinition>;
}
