import { type MessageHandler, ServerKafka } from '@nestjs/microservices';
import { type Consumer } from 'kafkajs';
import { prefixedTopic } from '@flowline/contracts';
import { ConcurrentConsumer } from './consumer-flow/concurrent-consumer';
import { kafkaOptions } from './kafka-options';
import { consumerFlowOf, type KafkaSettings, topicPrefixOf } from './kafka-settings';

/** Attempts at subscribing: a topic created a moment ago may not have its partition leaders yet. */
const SUBSCRIBE_ATTEMPTS = 10;

/**
 * Nest's Kafka server with two changes. Topic prefixes: handlers are declared with the canonical names
 * from `@flowline/contracts` (`@EventPattern(Topics.runRequested)`), and the server subscribes to the
 * prefixed topics of this installation, so `KafkaContext.getTopic()` returns the real topic. And many
 * messages at once: instead of one message at a time per partition, a ConcurrentConsumer runs the
 * handlers in a bounded, org-fair pool, in order per key where the service needs it, and commits offsets
 * below the lowest unfinished message. `close()` drains it before disconnecting.
 */
export class FlowlineKafkaServer extends ServerKafka {
  private readonly topicPrefix: string;
  private flow?: ConcurrentConsumer;

  constructor(private readonly settings: KafkaSettings) {
    super(kafkaOptions(settings));
    this.topicPrefix = topicPrefixOf(settings);
  }

  /** Messages in hand (admitted, unfinished); 0 before the consumer runs. */
  get buffered(): number {
    return this.flow?.buffered ?? 0;
  }

  override addHandler(
    pattern: unknown,
    callback: MessageHandler,
    isEventHandler = false,
    extras: Record<string, unknown> = {},
  ): void {
    const topic = typeof pattern === 'string' ? prefixedTopic(pattern, this.topicPrefix) : pattern;
    super.addHandler(topic, callback, isEventHandler, extras);
  }

  /**
   * Handlers are found by topic twice per message. Nest first tries the pattern as JSON (for object
   * patterns), which for a topic name throws and builds a stack trace each time; topic names skip that.
   */
  protected override getRouteFromPattern(pattern: string): string {
    if (pattern.startsWith('{') || pattern.startsWith('[')) return super.getRouteFromPattern(pattern);
    return this.normalizePattern(pattern);
  }

  override async bindEvents(consumer: Consumer): Promise<void> {
    const topics = [...this.messageHandlers.keys()];
    if (topics.length === 0) return;
    await subscribeWithRetry(consumer, topics, this.options.subscribe?.fromBeginning ?? true);
    const flow = new ConcurrentConsumer(
      consumer,
      consumerFlowOf(this.settings),
      (payload) => this.handleMessage(payload),
      this.logger,
      this.groupId,
    );
    this.flow = flow;
    await flow.run(topics, this.settings.partitionsConcurrency ?? DEFAULT_PARTITIONS_AT_ONCE);
  }

  override async close(): Promise<void> {
    const flow = this.flow;
    this.flow = undefined;
    await flow?.drain(this.settings.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS);
    await super.close();
  }
}

/** Fetching is cheap now that handling is decoupled from it: read every partition a member owns at once. */
const DEFAULT_PARTITIONS_AT_ONCE = 64;
const DEFAULT_SHUTDOWN_GRACE_MS = 15_000;

/** Subscribes, trying again while a just-created topic's metadata is not everywhere yet. */
export async function subscribeWithRetry(consumer: Consumer, topics: string[], fromBeginning: boolean) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await consumer.subscribe({ topics, fromBeginning });
      return;
    } catch (error) {
      if (attempt >= SUBSCRIBE_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}
