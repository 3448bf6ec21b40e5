import { randomBytes } from 'node:crypto';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { prefixedTopic, Topics } from '@flowline/contracts';
import { ensureTopics, KAFKA_SETTINGS, type KafkaSettings, topicPrefixOf } from '@flowline/nest-kafka';
import { type Consumer, Kafka, logLevel } from 'kafkajs';

const REMEMBERED_RUNS = 20_000;

/**
 * Learns from the orchestrator's run events (`flowline.runs.events.v1`) which runs exist, so a submission
 * can wait for its run without asking the orchestrator over and over (hundreds of concurrent submissions
 * polling would load the very service they wait for). Like the definitions feed, each replica reads in
 * a group of its own, from the latest offset: it only cares about runs created from now on.
 */
@Injectable()
export class RunCreationEvents implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RunCreationEvents.name);
  private consumer?: Consumer;
  /** Runs seen to exist, oldest first (a Map keeps insertion order), bounded. */
  private readonly seen = new Map<string, true>();
  private readonly waiting = new Map<string, Array<() => void>>();

  constructor(@Inject(KAFKA_SETTINGS) private readonly settings: KafkaSettings) {}

  onApplicationBootstrap(): void {
    // In the background: until it reads events, submissions fall back to asking the orchestrator, so a
    // slow broker never holds up this service's start.
    void this.start().catch((error: unknown) =>
      this.logger.warn(`not following run events (submissions will ask the orchestrator): ${String(error)}`),
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
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({
      topic: prefixedTopic(Topics.runEvents, topicPrefixOf(this.settings)),
      fromBeginning: false,
    });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        const runId = runIdOf(message.value);
        if (runId) this.markExisting(runId);
      },
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer
      ?.disconnect()
      .catch((error: unknown) => this.logger.warn(`closing: ${String(error)}`));
  }

  /** Resolves true once the run is known to exist, false after `timeoutMs`. */
  waitFor(runId: string, timeoutMs: number): Promise<boolean> {
    if (this.seen.has(runId)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (found: boolean) => {
        clearTimeout(timer);
        const left = (this.waiting.get(runId) ?? []).filter((waiter) => waiter !== onSeen);
        if (left.length > 0) this.waiting.set(runId, left);
        else this.waiting.delete(runId);
        resolve(found);
      };
      const onSeen = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.waiting.set(runId, [...(this.waiting.get(runId) ?? []), onSeen]);
    });
  }

  private markExisting(runId: string): void {
    if (!this.seen.has(runId)) {
      this.seen.set(runId, true);
      if (this.seen.size > REMEMBERED_RUNS) this.seen.delete(this.seen.keys().next().value as string);
    }
    for (const waiter of this.waiting.get(runId) ?? []) waiter();
  }
}

function runIdOf(value: Buffer | null): string | undefined {
  if (!value) return undefined;
  try {
    const event = JSON.parse(value.toString('utf8')) as { type?: unknown; runId?: unknown };
    return event.type === 'WORKFLOW_RUN_STATUS_CHANGED' && typeof event.runId === 'string'
      ? event.runId
      : undefined;
  } catch {
    return undefined;
  }
}
