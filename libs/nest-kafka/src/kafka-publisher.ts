import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Kafka, type Producer } from 'kafkajs';
import { type Envelope, prefixedTopic } from '@flowline/contracts';
import { ORG_ID_HEADER } from './consumer-flow/concurrent-consumer';
import { kafkaOptions } from './kafka-options';
import { KAFKA_SETTINGS, type KafkaSettings, topicPrefixOf } from './kafka-settings';
import { ProduceBatcher } from './produce-batcher';
import { type MessageHeaders, withProducerSpan } from './trace-headers';

export interface PublishOptions {
  /** Partition key. Defaults to the message's `runId`, so all of one run's messages share a partition. */
  key?: string;
  headers?: MessageHeaders;
}

/** A message for `publishAll`: an exact (already prefixed) topic; a null value is a tombstone. */
export interface OutgoingMessage {
  topic: string;
  key: string;
  value: (Envelope & { runId?: string }) | null;
  headers?: MessageHeaders;
}

export class MissingMessageKeyError extends Error {
  readonly code = 'MISSING_MESSAGE_KEY';
  constructor(topic: string, type: string) {
    super(`a ${type} message for ${topic} needs a key: pass options.key or give the message a runId`);
  }
}

/**
 * The one way services put messages on Kafka. Every publish is awaited until the broker acknowledged it
 * (acks=all, idempotent producer), is keyed (by run id unless told otherwise), carries the trace context
 * and the org id in its headers. Publishes made while a produce request is in flight go out together in
 * the next one, so many concurrent callers cost few round trips.
 */
@Injectable()
export class KafkaPublisher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(KafkaPublisher.name);
  private readonly producer: Producer;
  private readonly batcher: ProduceBatcher;
  private readonly topicPrefix: string;

  constructor(@Inject(KAFKA_SETTINGS) settings: KafkaSettings) {
    const options = kafkaOptions(settings);
    this.producer = new Kafka({
      ...options.client,
      brokers: settings.brokers,
      clientId: `${settings.serviceName}-producer`,
      logCreator: () => (entry) => this.logger.warn(`${entry.namespace}: ${entry.log.message}`),
    }).producer(options.producer);
    this.batcher = new ProduceBatcher((topicMessages) =>
      this.producer.sendBatch({ topicMessages, acks: -1 }).then(() => undefined),
    );
    this.topicPrefix = topicPrefixOf(settings);
  }

  async onModuleInit(): Promise<void> {
    await this.producer.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.batcher.flushed();
    await this.producer.disconnect();
  }

  /** Publishes to a topic named in `@flowline/contracts`; the installation's prefix is applied here. */
  async publish(
    topic: string,
    message: Envelope & { runId?: string },
    options: PublishOptions = {},
  ): Promise<void> {
    await this.publishToTopic(prefixedTopic(topic, this.topicPrefix), message, options);
  }

  /** Publishes to an exact topic name (already prefixed), e.g. a dead-letter topic derived from a real one. */
  async publishToTopic(
    topic: string,
    message: Envelope & { runId?: string },
    options: PublishOptions = {},
  ): Promise<void> {
    const key = options.key ?? message.runId;
    if (!key) throw new MissingMessageKeyError(topic, message.type);
    await this.send([{ topic, key, value: message, headers: options.headers }]);
  }

  /** Deletes a key from a compacted topic (a null value), e.g. a deleted workflow's definition. */
  async publishTombstone(topic: string, key: string): Promise<void> {
    await this.send([{ topic: prefixedTopic(topic, this.topicPrefix), key, value: null }]);
  }

  /**
   * Publishes messages to topics named in `@flowline/contracts` (prefix applied here) in one produce
   * request where they fit; resolves once the broker acknowledged all of them. Order is kept per
   * partition. The outbox relay uses it for what one or more transactions committed.
   */
  async publishAll(messages: OutgoingMessage[]): Promise<void> {
    await this.send(messages.map((m) => ({ ...m, topic: prefixedTopic(m.topic, this.topicPrefix) })));
  }

  private async send(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const first = messages[0];
    const span = messages.length === 1 ? first.topic : `${messages.length} messages`;
    await withProducerSpan(span, {}, (trace) =>
      this.batcher.send(
        messages.map((m) => ({
          topic: m.topic,
          message: {
            key: m.key,
            value: m.value === null ? null : JSON.stringify(m.value),
            headers: {
              ...(m.value ? { 'x-flowline-message-type': m.value.type, [ORG_ID_HEADER]: m.value.orgId } : {}),
              // A message that kept its own trace context (an outbox row) continues that trace.
              ...trace,
              ...m.headers,
            },
          },
        })),
      ),
    );
  }
}
