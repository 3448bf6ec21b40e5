import { type Envelope } from '@flowline/contracts';
import { type EntityManager } from 'typeorm';
import { OutboxEntry } from './outbox-entry.entity';

export interface OutboxMessage {
  topic: string;
  key: string;
  orgId: string;
  /** The message, or null for a tombstone. */
  message: Envelope | null;
  headers?: Record<string, string>;
}

/**
 * Adds messages to the outbox inside the caller's transaction, so a state change and the messages that
 * announce it commit together or not at all.
 */
export async function addToOutbox(manager: EntityManager, messages: OutboxMessage[]): Promise<void> {
  if (messages.length === 0) return;
  const outbox = manager.getRepository(OutboxEntry);
  const entries = messages.map((m) => {
    const entry = new OutboxEntry();
    entry.orgId = m.orgId;
    entry.topic = m.topic;
    entry.key = m.key;
    entry.value = m.message;
    entry.headers = m.headers ?? {};
    return entry;
  });
  await outbox.insert(entries);
}
