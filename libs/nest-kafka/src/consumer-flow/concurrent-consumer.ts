import { type Logger } from '@nestjs/common';
import { type Consumer, type EachBatchPayload, type EachMessagePayload, type KafkaMessage } from 'kafkajs';
import { ConsumerMetrics } from './consumer-metrics';
import { FairScheduler } from './fair-scheduler';
import { PartitionProgress } from './partition-progress';

export interface ConsumerFlowSettings {
  /** Messages handled at once, all partitions together. */
  maxInFlight: number;
  /** Of those, at most this many for one org. */
  maxInFlightPerOrg: number;
  /**
   * Messages with the same Kafka key are handled one at a time, in offset order (the orchestrator: one
   * run's messages). Off: every message may run at once (executors: parallel branches of one run).
   */
  orderByKey: boolean;
  /** Admitted but unfinished messages at which fetching pauses (resumes at half). Default 4 × maxInFlight. */
  maxBuffered?: number;
}

export const ORG_ID_HEADER = 'x-flowline-org-id';
const COMMIT_INTERVAL_MS = 100;

/**
 * Takes messages off Kafka and hands them to a handler many at a time, decoupling fetching from finishing:
 * a bounded, org-fair pool (FairScheduler), order kept per key when asked, fetching paused while too much
 * is buffered, and offsets committed only below the lowest unfinished message of each partition
 * (PartitionProgress), so a crash redelivers exactly the unfinished work.
 */
export class ConcurrentConsumer {
  private readonly scheduler: FairScheduler;
  private readonly maxBuffered: number;
  private readonly metrics?: ConsumerMetrics;
  private progress = new Map<string, PartitionProgress>();
  private topics: string[] = [];
  private paused = false;
  private closing = false;
  private commitTimer?: NodeJS.Timeout;
  private committing?: Promise<void>;

  constructor(
    private readonly consumer: Consumer,
    private readonly settings: ConsumerFlowSettings,
    private readonly handle: (payload: EachMessagePayload) => Promise<unknown>,
    private readonly logger: Pick<Logger, 'warn' | 'error' | 'log'>,
    /** The consumer group, for metrics (lag, in-flight and waiting work); none without it. */
    group?: string,
  ) {
    this.maxBuffered = settings.maxBuffered ?? settings.maxInFlight * 4;
    this.scheduler = new FairScheduler(
      { maxInFlight: settings.maxInFlight, maxInFlightPerGroup: settings.maxInFlightPerOrg },
      () => this.onSettled(),
    );
    if (group) this.metrics = new ConsumerMetrics(group, this.scheduler, () => this.progress);
    // A new generation of the group: partitions may have moved, and their new owner reads from the
    // committed offsets. Forget what this member tracked; work still in flight finishes, uncommitted.
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.progress = new Map();
    });
  }

  /** Messages admitted and not finished. */
  get buffered(): number {
    return this.scheduler.size;
  }

  get inFlight(): number {
    return this.scheduler.inFlight;
  }

  async run(topics: string[], partitionsConsumedConcurrently: number): Promise<void> {
    this.topics = topics;
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently,
      eachBatch: (payload) => this.admitBatch(payload),
    });
  }

  /**
   * Stops taking work, waits up to `graceMs` for what is in flight, and commits what finished. Whatever
   * did not finish is handed back: its offsets stay uncommitted, so the next owner of its partition
   * handles it again (with the same idempotency keys).
   */
  async drain(graceMs: number): Promise<void> {
    this.closing = true;
    clearTimeout(this.commitTimer);
    this.pause();
    const idle = await this.scheduler.whenIdle(graceMs);
    if (!idle)
      this.logger.warn(
        `stopping with ${this.scheduler.size} message(s) unfinished: they are handed back (offsets not committed)`,
      );
    await this.commit();
    this.metrics?.stop();
  }

  private async admitBatch({ batch, resolveOffset, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    this.metrics?.fetched(`${partition}:${topic}`, batch.highWatermark);
    for (const message of batch.messages) {
      if (this.closing || !isRunning() || isStale()) return;
      const progress = this.progressOf(topic, partition);
      const admitted = progress.admit(Number(message.offset));
      this.scheduler.submit({
        key: this.settings.orderByKey ? (message.key?.toString() ?? undefined) : undefined,
        group: orgOf(message),
        run: async () => {
          try {
            await this.handle({
              topic,
              partition,
              message,
              heartbeat: () => Promise.resolve(),
              pause: () => () => undefined,
            });
          } catch (error) {
            this.logger.error(`${topic}[${partition}]@${message.offset}: ${String(error)}`);
          } finally {
            progress.finish(admitted);
          }
        },
      });
      resolveOffset(message.offset);
    }
    if (this.scheduler.size >= this.maxBuffered) this.pause();
  }

  private progressOf(topic: string, partition: number): PartitionProgress {
    const id = `${partition}:${topic}`;
    let progress = this.progress.get(id);
    if (!progress) {
      progress = new PartitionProgress();
      this.progress.set(id, progress);
    }
    return progress;
  }

  private onSettled(): void {
    if (this.paused && !this.closing && this.scheduler.size <= this.maxBuffered / 2) this.resume();
    if (!this.commitTimer && !this.closing) {
      this.commitTimer = setTimeout(() => {
        this.commitTimer = undefined;
        void this.commit();
      }, COMMIT_INTERVAL_MS);
    }
  }

  private async commit(): Promise<void> {
    await this.committing;
    const offsets: Array<{ topic: string; partition: number; offset: string }> = [];
    const marks: Array<() => void> = [];
    for (const [id, progress] of this.progress) {
      const offset = progress.toCommit();
      if (offset === undefined) continue;
      const separator = id.indexOf(':');
      offsets.push({
        topic: id.slice(separator + 1),
        partition: Number(id.slice(0, separator)),
        offset: String(offset),
      });
      marks.push(() => progress.markCommitted(offset));
    }
    if (offsets.length === 0) return;
    this.committing = this.consumer
      .commitOffsets(offsets)
      .then(() => marks.forEach((mark) => mark()))
      .catch((error: unknown) => this.logger.warn(`committing offsets failed (retried): ${String(error)}`));
    await this.committing;
  }

  private pause(): void {
    if (this.paused || this.topics.length === 0) return;
    this.paused = true;
    this.consumer.pause(this.topics.map((topic) => ({ topic })));
  }

  private resume(): void {
    this.paused = false;
    this.consumer.resume(this.topics.map((topic) => ({ topic })));
  }
}

/** The org a message is for: its header, else its envelope's `orgId` (messages from outside may lack the header). */
function orgOf(message: KafkaMessage): string {
  const header = message.headers?.[ORG_ID_HEADER];
  if (header !== undefined) return header.toString();
  try {
    const value = JSON.parse(message.value?.toString('utf8') ?? 'null') as { orgId?: unknown } | null;
    return typeof value?.orgId === 'string' ? value.orgId : '';
  } catch {
    return '';
  }
}
