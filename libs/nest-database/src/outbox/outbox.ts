import { type Envelope } from '@flowline/contracts';
import { withTraceContext } from '@flowline/nest-observability';
import { type EntityManager, type QueryRunner } from 'typeorm';
import { EntitySql } from '../entity-sql';
import { OutboxEntry } from './outbox-entry.entity';

export interface OutboxMessage {
  topic: string;
  key: string;
  orgId: string;
  /** The message, or null for a tombstone. */
  message: Envelope | null;
  /** Without a `traceparent`, the active span's trace context is stored, so the message continues it. */
  headers?: Record<string, string>;
}

/** Rows added by each open transaction, published by the OutboxRelay once it commits. */
const addedIn = new WeakMap<QueryRunner, OutboxEntry[]>();

/**
 * Adds messages to the outbox inside the caller's transaction, so a state change and the messages that
 * announce it commit together or not at all. The service's OutboxRelay publishes them right after the
 * commit (and its sweep, if this process dies first).
 */
export async function addToOutbox(manager: EntityManager, messages: OutboxMessage[]): Promise<void> {
  if (messages.length === 0) return;
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive)
    throw new Error(
      'addToOutbox needs a transaction: the messages must commit with the change they announce',
    );
  const entries = messages.map((m) => {
    const entry = new OutboxEntry();
    entry.orgId = m.orgId;
    entry.topic = m.topic;
    entry.key = m.key;
    entry.value = m.message;
    entry.headers = withTraceContext(m.headers ?? {});
    return entry;
  });
  // A deferred write: in a pipelined transaction the rows go with its commit, and their seqs are known
  // before the commit returns (the relay publishes after it).
  await EntitySql.of(manager, OutboxEntry).insertDeferred(
    manager,
    entries,
    { returning: ['seq'] },
    (inserted) => entries.forEach((entry, i) => (entry.seq = String(inserted[i]['seq']))),
  );
  const added = addedIn.get(runner);
  if (added) added.push(...entries);
  // A copy: `entries` is this call's own list (its seqs arrive later), later calls add to the runner's.
  else addedIn.set(runner, [...entries]);
}

/** The rows a transaction added, once: called when it ended (committed or rolled back). */
export function takeOutboxEntries(runner: QueryRunner): OutboxEntry[] {
  const entries = addedIn.get(runner) ?? [];
  addedIn.delete(runner);
  return entries;
}
