import { type EntitySnapshot } from '@flowline/contracts';
import { type JsonObject } from '../json-values';

/** An entity as stored and served; the same shape the entity-change events carry. */
// The catalog always serves every field; change events from elsewhere may carry fewer.
export type Entity = Required<EntitySnapshot>;

export type RelationValue = string | string[] | null;

/** The part of an entity its writers control. */
export interface EntityContent {
  title: string | null;
  icon: string | null;
  team: string[];
  properties: JsonObject;
  relations: Record<string, RelationValue>;
}

/** A create, upsert or patch as the caller sent it: an absent field is left as it was (or defaulted). */
export interface EntityWrite {
  identifier?: string;
  title?: string | null;
  icon?: string | null;
  team?: unknown;
  properties?: JsonObject;
  relations?: JsonObject;
}

/** Who wrote, and why: copied onto the entity's audit fields and the change event. */
export interface WriteCause {
  orgId: string;
  actorId: string;
  actorKind: 'user' | 'machine' | 'service';
  /** Workflow-caused writes carry the depth of their chain (header X-Flowline-Chain-Depth). */
  chainDepth: number;
  /** `?run_id=`: the action run this write belongs to, carried on the change event. */
  runId?: string;
}

export function contentOf(entity: Entity): EntityContent {
  const { title, icon, team, properties, relations } = entity;
  return { title, icon, team, properties, relations };
}
