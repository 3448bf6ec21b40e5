import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { type Envelope, prefixedTopic } from '@flowline/contracts';
import { kafkaOptions } from './kafka-options';
import { KAFKA_SETTINGS, type KafkaSettings, topicPrefixOf } from './kafka-settings';
import { type MessageHeaders, withProducerSpan } from './trace-headers';

export interface PublishOptions {
  /** Partition key. Defaults to the message's `runId`, so all of one run's messages share a partition. */
  key?: string;
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
 * (acks=all, idempotent producer), is keyed (by run id unless told otherwise), and carries the trace
 * context in its headers.
 */
@Injectable()
export class KafkaPublisher implements OnModuleInit, OnApplicationShutdown {
  private readonly client: ClientKafka;
  private readonly topicPrefix: string;

  constructor(@Inject(KAFKA_SETTINGS) settings: KafkaSettings) {
    this.client = new ClientKafka({ ...kafkaOptions(settings), producerOnlyMode: true });
    this.topicPrefix = topicPrefixOf(settings);
  }

  async onModuleInit(): Promise<void> {
    await this.client.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
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
    await this.send(topic, key, message, { 'x-flowline-message-type': message.type, ...options.headers });
  }

  /** Deletes a key from a compacted topic (a null value), e.g. a deleted workflow's definition. */
  async publishTombstone(topic: string, key: string): Promise<void> {
    await this.send(prefixedTopic(topic, this.topicPrefix), key, null, {});
  }

  private async send(
    topic: string,
    key: string,
    value: object | null,
    headers: MessageHeaders,
  ): Promise<void> {
    await withProducerSpan(topic, headers, (traced) =>
      lastValueFrom(this.client.emit(topic, { key, value, headers: traced }), { defaultValue: undefined }),
    );
  }
}
