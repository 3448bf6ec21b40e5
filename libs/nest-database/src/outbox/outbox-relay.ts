import { type BeforeApplicationShutdown, Injectable, type OnModuleInit } from '@nestjs/common';
import { type OutgoingMessage, KafkaPublisher } from '@flowline/nest-kafka';
import { PeriodicTask } from '@flowline/nest-observability';
import { type Envelope } from '@flowline/contracts';
import {
  DataSource,
  type EntitySubscriberInterface,
  type TransactionCommitEvent,
  type TransactionRollbackEvent,
} from 'typeorm';
import { OutboxEntry } from './outbox-entry.entity';
import { takeOutboxEntries } from './outbox';
import { addRider } from '../pipelined-transaction';
import { observeOutbox } from './outbox-metrics';

/** The relays of this process (one per service; tests may run several), for the shutdown's outbox drain. */
const relays = new Set<OutboxRelay>();

/** Publishes everything in every outbox of this process: a step of a service's shutdown. */
export async function drainOutboxes(): Promise<void> {
  await Promise.all([...relays].map((relay) => relay.drain()));
}

/** Messages sent in one produce request at most. */
const BATCH_SIZE = 500;
const SWEEP_INTERVAL_MS = 1_000;
/** Rows older than this were not published by the process that wrote them (it died, or Kafka failed). */
const SWEEP_AGE_MS = 5_000;
/** How long published rows wait for a transaction to carry their delete before it gets its own. */
const DELETE_RIDE_MS = 100;
/** A pipelined transaction this recent means more are likely: the delete waits for one. */
const CARRIER_SEEN_MS = 1_000;

/**
 * Publishes the outbox. Hot path: the rows a transaction added are published as soon as it commits (a
 * TypeORM commit subscriber), in one produce request together with whatever other transactions committed
 * meanwhile, then deleted in one statement; no transaction stays open across Kafka round trips. The delete
 * rides along with the service's next pipelined transaction when one starts within 100 ms (no round trip
 * or commit of its own), else it runs alone (at once when none started within the last second). A sweep
 * publishes rows left behind by a process that died or a failed publish (older than a few seconds, so it
 * does not race the hot path). Delivery is at-least-once; consumers dedupe by message id.
 */
@Injectable()
export class OutboxRelay
  extends PeriodicTask
  implements EntitySubscriberInterface, OnModuleInit, BeforeApplicationShutdown
{
  private committed: OutboxEntry[] = [];
  private publishing?: Promise<void>;
  /** Seqs published but not deleted yet; deleted in the background, so publishing never waits for a connection. */
  private published: string[] = [];
  private deleting?: Promise<void>;
  private deleteTimer?: NodeJS.Timeout;
  /** When a pipelined transaction last started here (and offered to carry the delete); 0: never. */
  private lastCarrier = 0;
  private removeRider?: () => void;
  /** Until the first pass: everything in the outbox was left behind by this service's previous life. */
  private leftBehind = true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: KafkaPublisher,
  ) {
    super();
  }

  onModuleInit(): void {
    this.dataSource.subscribers.push(this);
    this.removeRider = addRider(this.dataSource, {
      take: () => {
        this.lastCarrier = Date.now();
        if (this.published.length === 0) return undefined;
        return this.deleteStatement(this.published.splice(0));
      },
      rolledBack: (statement) => {
        this.published.push(...(statement.parameters[0] as string[]));
        this.scheduleDelete();
      },
    });
    relays.add(this);
    observeOutbox(this.dataSource, () => this.table());
  }

  protected get intervalMs(): number {
    return SWEEP_INTERVAL_MS;
  }

  protected override get runsAtStart(): boolean {
    return true;
  }

  /** The first pass publishes everything (left behind); later ones what the hot path missed. */
  protected async runOnce(): Promise<void> {
    if (this.leftBehind) {
      await this.drain();
      this.leftBehind = false;
      return;
    }
    const count = await this.sweep(SWEEP_AGE_MS);
    if (count > 0) this.logger.log(`swept ${count} outbox message(s) left behind`);
  }

  /** Before, not on, shutdown: the database connection and the Kafka producer close in `onApplicationShutdown`. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
    await this.drain().catch((error: unknown) =>
      this.logger.error(`final outbox flush failed: ${String(error)}`),
    );
    this.removeRider?.();
    relays.delete(this);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // A savepoint's release is reported too: publish only when the outer transaction committed.
    if (event.queryRunner.isTransactionActive) return;
    const entries = takeOutboxEntries(event.queryRunner);
    if (entries.length === 0) return;
    this.committed.push(...entries);
    this.publishing ??= this.publishCommitted();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) takeOutboxEntries(event.queryRunner);
  }

  /** Publishes what committed so far and every row still in the outbox; resolves when it is empty. */
  async drain(): Promise<number> {
    await this.publishing;
    await this.flushDeletes();
    let published = 0;
    for (;;) {
      const count = await this.sweep(0);
      published += count;
      if (count < BATCH_SIZE) return published;
    }
  }

  private async publishCommitted(): Promise<void> {
    try {
      while (this.committed.length > 0) {
        const batch = this.committed.splice(0, BATCH_SIZE);
        try {
          await this.publisher.publishAll(batch.map(toOutgoing));
        } catch (error) {
          const text = `publishing ${batch.length} outbox message(s) failed; the sweep retries: ${String(error)}`;
          this.logger.warn(text);
          continue;
        }
        this.published.push(...batch.map((entry) => entry.seq));
        this.scheduleDelete();
      }
    } finally {
      this.publishing = undefined;
    }
  }

  /**
   * Deletes published rows nobody carried within DELETE_RIDE_MS; at once when no pipelined transaction
   * started lately (a service without them, or an idle one), as nothing is coming to carry them.
   */
  private scheduleDelete(): void {
    if (Date.now() - this.lastCarrier > CARRIER_SEEN_MS) {
      void this.flushDeletes();
      return;
    }
    this.deleteTimer ??= setTimeout(() => {
      this.deleteTimer = undefined;
      void this.flushDeletes();
    }, DELETE_RIDE_MS);
  }

  /** Deletes the published rows now (unless a delete is under way); resolves when it is done. */
  private flushDeletes(): Promise<void> {
    if (!this.deleting && this.published.length > 0) this.deleting = this.deletePublished();
    return this.deleting ?? Promise.resolve();
  }

  /** Deletes what was published, in one statement per pass; a failed delete leaves rows the sweep sends again. */
  private async deletePublished(): Promise<void> {
    clearTimeout(this.deleteTimer);
    this.deleteTimer = undefined;
    try {
      while (this.published.length > 0) {
        const seqs = this.published.splice(0);
        await this.deleteRows(seqs).catch((error: unknown) =>
          this.logger.warn(`deleting ${seqs.length} published outbox row(s) failed: ${String(error)}`),
        );
      }
    } finally {
      this.deleting = undefined;
    }
  }

  private async publishAndDelete(entries: OutboxEntry[]): Promise<void> {
    await this.publisher.publishAll(entries.map(toOutgoing));
    await this.deleteRows(entries.map((entry) => entry.seq));
  }

  private async deleteRows(seqs: string[]): Promise<void> {
    const { sql, parameters } = this.deleteStatement(seqs);
    await this.dataSource.query(sql, [...parameters]);
  }

  private deleteStatement(seqs: string[]): { sql: string; parameters: readonly unknown[] } {
    return { sql: `delete from ${this.table()} where seq = any($1::bigint[])`, parameters: [seqs] };
  }

  /** Publishes rows at least `minAgeMs` old, a batch; returns how many. */
  private async sweep(minAgeMs: number): Promise<number> {
    const entries = await this.dataSource
      .getRepository(OutboxEntry)
      .createQueryBuilder('o')
      .where(`o.createdAt <= now() - make_interval(secs => :age)`, { age: minAgeMs / 1000 })
      .orderBy('o.seq', 'ASC')
      .limit(BATCH_SIZE)
      .getMany();
    if (entries.length > 0) await this.publishAndDelete(entries);
    return entries.length;
  }

  private table(): string {
    const metadata = this.dataSource.getMetadata(OutboxEntry);
    return `"${metadata.schema}"."${metadata.tableName}"`;
  }
}

function toOutgoing(entry: OutboxEntry): OutgoingMessage {
  return {
    topic: entry.topic,
    key: entry.key,
    value: entry.value as unknown as Envelope | null,
    headers: entry.headers,
  };
}
