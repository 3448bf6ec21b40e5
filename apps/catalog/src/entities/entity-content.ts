import { type BlueprintDefinition } from '../blueprints/blueprint.model';
import { jsonEquals, type JsonObject } from '../json-values';
import { type EntityContent, type EntityWrite, type RelationValue } from './entity.model';

/** Port accepts `team` as one name or a list; the catalog always stores a list. */
export function normalizeTeam(team: unknown): string[] {
  if (team === undefined || team === null) return [];
  return typeof team === 'string' ? [team] : (team as string[]);
}

/**
 * The content of a new entity: what the caller sent, with the blueprint's property defaults filling
 * properties the caller left out.
 */
export function newContent(blueprint: BlueprintDefinition, write: EntityWrite): EntityContent {
  const defaults: JsonObject = {};
  for (const [name, schema] of Object.entries(blueprint.schema.properties)) {
    if (schema.default !== undefined && schema.default !== null) defaults[name] = schema.default;
  }
  return {
    title: write.title ?? null,
    icon: write.icon ?? null,
    team: normalizeTeam(write.team),
    properties: withoutNulls({ ...defaults, ...(write.properties ?? {}) }),
    relations: { ...(write.relations ?? {}) } as Record<string, RelationValue>,
  };
}

/**
 * An upsert in merge mode: only the fields the caller supplied change, and properties and relations
 * change key by key (a key sent as null is cleared, a key not sent keeps its value).
 */
export function mergeContent(existing: EntityContent, write: EntityWrite): EntityContent {
  return {
    title: write.title !== undefined ? write.title : existing.title,
    icon: write.icon !== undefined ? write.icon : existing.icon,
    team: write.team !== undefined ? normalizeTeam(write.team) : existing.team,
    properties: withoutNulls({ ...existing.properties, ...(write.properties ?? {}) }),
    relations: { ...existing.relations, ...(write.relations ?? {}) } as Record<string, RelationValue>,
  };
}

/** An upsert without merge: the entity becomes exactly what was sent (Port's overwrite). */
export function replaceContent(write: EntityWrite): EntityContent {
  return {
    title: write.title ?? null,
    icon: write.icon ?? null,
    team: normalizeTeam(write.team),
    properties: withoutNulls({ ...(write.properties ?? {}) }),
    relations: { ...(write.relations ?? {}) } as Record<string, RelationValue>,
  };
}

/** Whether a write changed anything a reader can see; an unchanged upsert writes and announces nothing. */
export function sameContent(a: EntityContent, b: EntityContent): boolean {
  return (
    a.title === b.title &&
    a.icon === b.icon &&
    jsonEquals(a.team, b.team) &&
    jsonEquals(a.properties, b.properties) &&
    jsonEquals(a.relations, b.relations)
  );
}

// A property set to null is unset: stored entities never hold null properties, so "exists" means set.
function withoutNulls(properties: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(properties).filter(([, value]) => value !== null));
}

/** The content without properties and relations its blueprint no longer defines. */
export function forgetUndefinedFields(blueprint: BlueprintDefinition, content: EntityContent): EntityContent {
  const keep = <T>(values: Record<string, T>, defined: object) =>
    Object.fromEntries(
      Object.entries(values).filter(([name]) => Object.prototype.hasOwnProperty.call(defined, name)),
    );
  return {
    ...content,
    properties: keep(content.properties, blueprint.schema.properties),
    relations: keep(content.relations, blueprint.relations),
  };
}
