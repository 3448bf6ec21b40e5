import { randomBytes } from 'node:crypto';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { prefixedTopic, Topics } from '@flowline/contracts';
import {
  CONSUMER_MAX_WAIT_MS,
  firstFetch,
  KAFKA_SETTINGS,
  type KafkaSettings,
  settledWithin,
  subscribeWithRetry,
  topicPrefixOf,
} from '@flowline/nest-kafka';
import { type Consumer, Kafka, logLevel } from 'kafkajs';

/** One status change of a run or of one of its node runs, as a watcher receives it. */
export interface WatchedRunEvent {
  type: string;
  runId: string;
  nodeRunId: string | null;
  nodeIdentifier: string | null;
  status: string;
  result: string | null;
  occurredAt: string | null;
}

/** The longest a watcher waits for the feed to start reading before it is served anyway. */
const FEED_READY_WAIT_MS = 10_000;
/** How long the feed keeps reading after its last watcher left, so the next one finds it reading. */
const FEED_IDLE_MS = 120_000;
/** Overrides FEED_IDLE_MS (tests make it short). */
export const RUN_EVENTS_FEED_IDLE_MS = Symbol('RUN_EVENTS_FEED_IDLE_MS');

type Listener = (event: WatchedRunEvent) => void;

/** One start of the feed's consumer. */
interface Following {
  consumer: Consumer;
  /** Settles once the consumer reads (joined, its position fixed); never, if it could not start. */
  reading: Promise<void>;
  /** Settles when the consumer is running, or could not start. */
  started: Promise<void>;
}

/**
 * The run events (`flowline.runs.events.v1`) of the runs someone is watching right now. While anyone
 * watches, each replica reads every event in a group of its own, from the latest offset (a watcher reads
 * the run itself when it starts, and only needs what changes after), and hands each to the listeners of
 * its org and run. Nobody watching, nobody reading: the consumer starts with the first watcher (who
 * waits for it to start reading) and stops `idleMs` after the last one left, so an orchestrator nobody
 * watches does not fetch and decode every event of every run.
 */
@Injectable()
export class RunEventsFeed implements BeforeApplicationShutdown {
  private readonly logger = new Logger(RunEventsFeed.name);
  private following?: Following;
  private readonly listeners = new Map<string, Set<Listener>>();
  private idleTimer?: NodeJS.Timeout;
  /** Settles once the last stopped consumer has left its group. */
  private stopped: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    @Inject(KAFKA_SETTINGS) private readonly settings: KafkaSettings,
    @Optional() @Inject(RUN_EVENTS_FEED_IDLE_MS) private readonly idleMs: number = FEED_IDLE_MS,
  ) {}

  /** Whether the feed is reading events now. */
  get reading(): boolean {
    return this.following !== undefined;
  }

  /**
   * Starts the feed if it is not reading, and resolves once it reads (events published from then on
   * reach listeners), or after `maxWaitMs`: a watcher waits for the feed instead of missing the
   * run's first changes, and one that comes while the broker is away is not held up for long.
   */
  async ready(maxWaitMs = FEED_READY_WAIT_MS): Promise<void> {
    if (this.closed) return;
    clearTimeout(this.idleTimer);
    this.following ??= this.follow();
    await settledWithin(this.following.reading, maxWaitMs);
    // Stopped again later unless the caller watches now.
    if (this.listeners.size === 0) this.stopWhenIdle();
  }

  /** Calls `listener` with every event of the org's run until the returned function is called. */
  watch(orgId: string, runId: string, listener: Listener): () => void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const key = `${orgId}/${runId}`;
    const set = this.listeners.get(key) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(key, set);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(key) === set) this.listeners.delete(key);
      if (this.listeners.size === 0) this.stopWhenIdle();
    };
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idleTimer);
    this.unfollow();
    await this.stopped;
  }

  private stopWhenIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.listeners.size === 0) this.unfollow();
    }, this.idleMs);
    this.idleTimer.unref();
  }

  private unfollow(): void {
    const following = this.following;
    if (!following) return;
    this.following = undefined;
    // After its start settled: a consumer is not disconnected while it is still connecting.
    this.stopped = this.stopped
      .then(() => following.started)
      .then(() => following.consumer.disconnect())
      .catch((error: unknown) => this.logger.warn(`closing: ${String(error)}`));
  }

  private follow(): Following {
    const kafka = new Kafka({
      clientId: `${this.settings.serviceName}-run-watchers`,
      brokers: this.settings.brokers,
      logLevel: logLevel.WARN,
    });
    const suffix = randomBytes(6).toString('hex');
    const consumer = kafka.consumer({
      groupId: `${topicPrefixOf(this.settings)}${this.settings.serviceName}-run-watchers-${suffix}`,
      maxWaitTimeInMs: CONSUMER_MAX_WAIT_MS,
    });
    const following: Following = { consumer, reading: firstFetch(consumer), started: Promise.resolve() };
    // A consumer that left its group a moment ago is gone before the next one starts.
    following.started = this.stopped
      .then(() => this.run(consumer))
      .catch((error: unknown) => {
        this.logger.warn(`not following run events (watchers get no live updates): ${String(error)}`);
        // The next watcher tries again.
        if (this.following === following) this.following = undefined;
        return consumer.disconnect().catch(() => undefined);
      });
    return following;
  }

  private async run(consumer: Consumer): Promise<void> {
    await consumer.connect();
    const topic = prefixedTopic(Topics.runEvents, topicPrefixOf(this.settings));
    await subscribeWithRetry(consumer, [topic], false);
    // A batch at a time: most events interest nobody here, and skipping them costs no promise each.
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        if (this.listeners.size === 0) return;
        for (const message of batch.messages) {
          const parsed = message.value ? parseRunEvent(message.value) : undefined;
          if (!parsed) continue;
          for (const listener of this.listeners.get(`${parsed.orgId}/${parsed.event.runId}`) ?? []) {
            listener(parsed.event);
          }
        }
      },
    });
  }
}

function parseRunEvent(value: Buffer): { orgId: string; event: WatchedRunEvent } | undefined {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(value.toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const text = (field: string) => (typeof raw[field] === 'string' ? (raw[field] as string) : null);
  const orgId = text('orgId');
  const runId = text('runId');
  const type = text('type');
  const status = text('status');
  if (!orgId || !runId || !type || !status) return undefined;
  return {
    orgId,
    event: {
      type,
      runId,
      nodeRunId: text('nodeRunId'),
      nodeIdentifier: text('nodeIdentifier'),
      status,
      result: text('result'),
      occurredAt: text('occurredAt'),
    },
  };
}
