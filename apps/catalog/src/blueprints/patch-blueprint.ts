import { type JsonObject } from '../json-values';
import { type BlueprintDefinition } from './blueprint.model';
import { type BlueprintInput } from './check-blueprint';

export interface BlueprintPatch {
  title?: string;
  icon?: string | null;
  description?: string | null;
  schema?: { properties?: JsonObject; required?: string[] };
  relations?: JsonObject;
}

/**
 * A PATCH applied to the current blueprint: only sent fields change; schema properties and relations
 * are merged key by key, and a key sent as null removes that property or relation.
 */
export function patchBlueprint(current: BlueprintDefinition, patch: BlueprintPatch): BlueprintInput {
  return {
    identifier: current.identifier,
    title: patch.title ?? current.title,
    icon: patch.icon !== undefined ? patch.icon : current.icon,
    description: patch.description !== undefined ? patch.description : current.description,
    schema: {
      properties: mergeKeys(current.schema.properties, patch.schema?.properties),
      required: patch.schema?.required ?? current.schema.required,
    },
    relations: mergeKeys(current.relations, patch.relations),
  };
}

function mergeKeys(current: object, patch: JsonObject | undefined): JsonObject {
  const merged: JsonObject = { ...current, ...(patch ?? {}) };
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== null));
}
