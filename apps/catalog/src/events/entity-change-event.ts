import {
  createMessage,
  type EntityChangeAction,
  type EntityChangeActor,
  ENTITY_CHANGED_MESSAGE_TYPE,
  type EntityChangedMessage,
  type EntityChangedPayload,
  entityChangedKey,
  type EntitySnapshot,
  Topics,
} from '@flowline/contracts';
import { type OutboxMessage } from '@flowline/nest-database';

export interface EntityChange {
  action: EntityChangeAction;
  orgId: string;
  blueprintIdentifier: string;
  entityIdentifier: string;
  /** The timer property, for TIMER_EXPIRED. */
  propertyIdentifier?: string;
  before: EntitySnapshot | null;
  after: EntitySnapshot | null;
  by: EntityChangeActor;
  /** `API` for writes through the HTTP API, `TIMER` for expiries. */
  origin: string;
  chainDepth: number;
  /** The action run the write was made for (`?run_id=`). */
  runId?: string;
  at: Date;
}

/** The reference §4 event for one change, in the message envelope. */
export function entityChangedMessage(change: EntityChange): EntityChangedMessage {
  const payload: EntityChangedPayload = {
    action: change.action,
    resourceType: 'entity',
    trigger: { by: change.by, origin: change.origin, at: change.at.toISOString() },
    context: {
      blueprintIdentifier: change.blueprintIdentifier,
      entityIdentifier: change.entityIdentifier,
      propertyIdentifier: change.propertyIdentifier ?? null,
    },
    diff: { before: change.before, after: change.after },
    chainDepth: change.chainDepth,
    ...(change.runId !== undefined ? { runId: change.runId } : {}),
  };
  return createMessage(ENTITY_CHANGED_MESSAGE_TYPE, change.orgId, payload, change.at);
}

/** The change as an outbox row: on the entity-changed topic, keyed so one entity's changes stay in order. */
export function entityChangedOutboxMessage(change: EntityChange): OutboxMessage {
  const message = entityChangedMessage(change);
  return {
    topic: Topics.entityChanged,
    key: entityChangedKey(change.orgId, change.blueprintIdentifier, change.entityIdentifier),
    orgId: change.orgId,
    message: message as unknown as OutboxMessage['message'],
  };
}
