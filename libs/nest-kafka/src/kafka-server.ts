import { type MessageHandler, ServerKafka } from '@nestjs/microservices';
import { prefixedTopic } from '@flowline/contracts';
import { kafkaOptions } from './kafka-options';
import { type KafkaSettings, topicPrefixOf } from './kafka-settings';

/**
 * Nest's Kafka server with topic prefixes: handlers are declared with the canonical names from
 * `@flowline/contracts` (`@EventPattern(Topics.runRequested)`), and the server subscribes to the
 * prefixed topics of this installation. `KafkaContext.getTopic()` therefore returns the real topic.
 */
export class FlowlineKafkaServer extends ServerKafka {
  private readonly topicPrefix: string;

  constructor(settings: KafkaSettings) {
    super(kafkaOptions(settings));
    this.topicPrefix = topicPrefixOf(settings);
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
}
