import { randomBytes } from 'node:crypto';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { prefixedTopic, RUN_CREATED_HEADER, RUN_EVENT_TYPE_HEADER, Topics } from '@flowline/contracts';
import {
  ensureTopics,
  KAFKA_SETTINGS,
  type KafkaSettings,
  topicPrefixOf,
  CONSUMER_MAX_WAIT_MS,
  firstFetch,
  settledWithin,
  subscribeWithRetry,
} from '@flowline/nest-kafka';
import { serviceStopping, type StopSignal } from '@flowline/nest-observability';
import { type Consumer, type IHeaders, Kafka, logLevel } from 'kafkajs';
import { isRunSnapshot, type RunSnapshot } from './run-snapshot';

const REMEMBERED_RUNS = 20_000;
/** How long boot waits for the consumer to start reading (after that it warns and carries on). */
const JOIN_TIMEOUT_MS = 60_000;

/** What the first event of a run said. */
export interface SeenRun {
  status: string;
  result: string | null;
  /**
   * The run as the API showed it when created, when the event carried it; handed only to those already
   * waiting for the run (never kept: a later reader wants the run as it is then).
   */
  view?: RunSnapshot;
}

/**
 * Learns from the orchestrator's run events (`flowline.runs.events.v1`) which runs exist: the one way a
 * submission confirms its run (the orchestrator publishes a run's first event in the transaction that
 * creates it). Each replica reads in a group of its own, from the latest offset: it only cares about runs
 * created from now on, so the service starts serving only once its consumer reads (joined, its position
 * fixed). Once the service begins to stop, nobody waits any more: a submission is answered as not yet
 * confirmed (its request is committed, the run will appear), so the shutdown's HTTP drain is not held up
 * for RUN_CREATION_WAIT_MS.
 */
@Injectable()
export class RunCreationEvents implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RunCreationEvents.name);
  private consumer?: Consumer;
  /** Runs seen to exist, oldest first (a Map keeps insertion order), bounded. */
  private readonly seen = new Map<string, SeenRun>();
  private readonly waiting = new Map<string, Array<(run: SeenRun | undefined) => void>>();
  private stopping = false;

  constructor(@Inject(KAFKA_SETTINGS) private readonly settings: KafkaSettings) {}

  async onApplicationBootstrap(): Promise<void> {
    this.stopWaitingOn(serviceStopping);
    await this.start().catch((error: unknown) =>
      this.logger.warn(`not following run events (submissions will answer 202): ${String(error)}`),
    );
  }

  private async start(): Promise<void> {
    // The orchestrator creates the topic too; whoever starts first must not find it missing.
    await ensureTopics(this.settings, [Topics.runEvents]);
    const kafka = new Kafka({
      clientId: `${this.settings.serviceName}-run-events`,
      brokers: this.settings.brokers,
      logLevel: logLevel.WARN,
    });
    const consumer = kafka.consumer({
      groupId: `${topicPrefixOf(this.settings)}${this.settings.serviceName}-run-events-${randomBytes(6).toString('hex')}`,
      maxWaitTimeInMs: CONSUMER_MAX_WAIT_MS,
    });
    this.consumer = consumer;
    const joinedInTime = settledWithin(firstFetch(consumer), JOIN_TIMEOUT_MS);
    await consumer.connect();
    await subscribeWithRetry(
      consumer,
      [prefixedTopic(Topics.runEvents, topicPrefixOf(this.settings))],
      false,
    );
    // A batch at a time: most events are not a run's first, and skipping them costs no promise each.
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          if (!announcesNewRun(message.headers)) continue;
          const event = runEventOf(message.value);
          if (event) this.markExisting(event.runId, event);
        }
      },
    });
    if (!(await joinedInTime)) this.logger.warn(`run events: not reading within ${JOIN_TIMEOUT_MS} ms yet`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer
      ?.disconnect()
      .catch((error: unknown) => this.logger.warn(`closing: ${String(error)}`));
  }

  /** From when `signal` is announced, every wait ends at once, unanswered. */
  stopWaitingOn(signal: StopSignal): void {
    signal.listen(() => {
      this.stopping = true;
      for (const waiters of [...this.waiting.values()]) for (const waiter of waiters) waiter(undefined);
    });
  }

  /**
   * Resolves with the run's first event once it is seen; undefined after `timeoutMs`, or at once when the
   * service is stopping.
   */
  waitFor(runId: string, timeoutMs: number): Promise<SeenRun | undefined> {
    const seen = this.seen.get(runId);
    if (seen) return Promise.resolve(seen);
    if (this.stopping) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const done = (run: SeenRun | undefined) => {
        clearTimeout(timer);
        const left = (this.waiting.get(runId) ?? []).filter((waiter) => waiter !== done);
        if (left.length > 0) this.waiting.set(runId, left);
        else this.waiting.delete(runId);
        resolve(run);
      };
      const timer = setTimeout(() => done(undefined), timeoutMs);
      this.waiting.set(runId, [...(this.waiting.get(runId) ?? []), done]);
    });
  }

  private markExisting(runId: string, { view, ...run }: SeenRun): void {
    if (this.seen.has(runId)) return;
    this.seen.set(runId, run);
    if (this.seen.size > REMEMBERED_RUNS) this.seen.delete(this.seen.keys().next().value as string);
    for (const waiter of this.waiting.get(runId) ?? []) waiter({ ...run, view });
  }
}

/**
 * Whether an event may be a run's first: the orchestrator marks the creating transition's run event with
 * a header, so the many other events are skipped unparsed. An event without the type header comes from
 * an orchestrator older than the header and is parsed.
 */
export function announcesNewRun(headers: IHeaders | undefined): boolean {
  if (!headers?.[RUN_EVENT_TYPE_HEADER]) return true;
  return headers[RUN_CREATED_HEADER] !== undefined;
}

function runEventOf(value: Buffer | null): (SeenRun & { runId: string }) | undefined {
  if (!value) return undefined;
  try {
    const event = JSON.parse(value.toString('utf8')) as Record<string, unknown>;
    if (event['type'] !== 'WORKFLOW_RUN_STATUS_CHANGED' || typeof event['runId'] !== 'string')
      return undefined;
    const view = event['run'];
    return {
      runId: event['runId'],
      status: typeof event['status'] === 'string' ? event['status'] : 'IN_PROGRESS',
      result: typeof event['result'] === 'string' ? event['result'] : null,
      ...(isRunSnapshot(view) ? { view } : {}),
    };
  } catch {
    return undefined;
  }
}
