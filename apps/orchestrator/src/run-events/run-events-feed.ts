import { randomBytes } from 'node:crypto';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { prefixedTopic, Topics } from '@flowline/contracts';
import {
  CONSUMER_MAX_WAIT_MS,
  firstGroupJoin,
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

/** The longest a watcher waits for the feed to join its group before it is served anyway. */
const FEED_READY_WAIT_MS = 10_000;

type Listener = (event: WatchedRunEvent) => void;

/**
 * The run events (`flowline.runs.events.v1`) of the runs someone is watching right now. Each replica
 * reads every event in a group of its own, from the latest offset (a watcher reads the run itself when
 * it starts, and only needs what changes after), and hands each to the listeners of its org and run.
 */
@Injectable()
export class RunEventsFeed implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RunEventsFeed.name);
  private consumer?: Consumer;
  private readonly listeners = new Map<string, Set<Listener>>();
  /** Settles when the feed first joins its group; never, if it could not start. */
  private joined: Promise<void> = new Promise(() => undefined);

  constructor(@Inject(KAFKA_SETTINGS) private readonly settings: KafkaSettings) {}

  async onApplicationBootstrap(): Promise<void> {
    // Not awaited: a broker that is slow to answer must not hold up the service's start.
    this.start().catch((error: unknown) =>
      this.logger.warn(`not following run events (watchers get no live updates): ${String(error)}`),
    );
  }

  /**
   * Resolves once the feed has joined its group (events from then on reach listeners), or after
   * `maxWaitMs`: a watcher that comes right after the start waits for the feed instead of missing the
   * run's first changes, and one that comes while the broker is away is not held up for long.
   */
  async ready(maxWaitMs = FEED_READY_WAIT_MS): Promise<void> {
    await settledWithin(this.joined, maxWaitMs);
  }

  /** Calls `listener` with every event of the org's run until the returned function is called. */
  watch(orgId: string, runId: string, listener: Listener): () => void {
    const key = `${orgId}/${runId}`;
    const set = this.listeners.get(key) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(key, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
    };
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer
      ?.disconnect()
      .catch((error: unknown) => this.logger.warn(`closing: ${String(error)}`));
  }

  private async start(): Promise<void> {
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
    this.consumer = consumer;
    this.joined = firstGroupJoin(consumer);
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
