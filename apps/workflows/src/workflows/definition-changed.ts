import {
  createMessage,
  DEFINITION_CHANGED_MESSAGE_TYPE,
  definitionChangedKey,
  type DefinitionChangedPayload,
  Topics,
} from '@flowline/contracts';
import { type OutboxMessage } from '@flowline/nest-database';
import { type StoredWorkflow, toDefinitionSnapshot } from './workflow-view';

/** The latest version of a workflow, for the compacted definition topic (latest value per key wins). */
export function definitionChanged(stored: StoredWorkflow, at: Date = new Date()): OutboxMessage {
  const { orgId, identifier } = stored.head;
  const payload: DefinitionChangedPayload = { workflow: toDefinitionSnapshot(stored) };
  return {
    topic: Topics.definitionChanged,
    key: definitionChangedKey(orgId, identifier),
    orgId,
    message: { ...createMessage(DEFINITION_CHANGED_MESSAGE_TYPE, orgId, payload, at) },
  };
}

/** A deleted workflow: a tombstone, so compaction drops it and consumers forget it. */
export function definitionRemoved(orgId: string, identifier: string): OutboxMessage {
  return {
    topic: Topics.definitionChanged,
    key: definitionChangedKey(orgId, identifier),
    orgId,
    message: null,
  };
}
