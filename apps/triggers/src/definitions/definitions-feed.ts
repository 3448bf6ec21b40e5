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
  KAFKA_SETTINGS,
  type KafkaSettings,
  topicPrefixOf,
  CONSUMER_MAX_WAIT_MS,
} from '@flowline/nest-kafka';
import { type Consumer, Kafka, logLevel } from 'kafkajs';
import { type TriggersConfig } from '../triggers.config';
import { CatchUp, type PartitionEnd } from './catch-up';
import { applyDefinitionChange } from './definition-changes';
import { TriggerIndex } from './trigger-index';

const END_OFFSET_ATTEMPTS = 10;

/**
 * Keeps this replica's TriggerIndex in step with the compacted definitions topic. Every replica needs the
 * whole index, so this is not the service's consumer group (which splits partitions between replicas):
 * a plain kafkajs consumer in a group of its own (`triggers-index-<random>`), reading from the beginning
 * and never committing, so each start rebuilds the index from the topic (compaction keeps it to one
 * record per workflow). Boot waits until the topic has been read to where it ended, so the entity-change
 * consumer, which Nest starts after init, never matches against a half-built index.
 */
@Injectable()
export class DefinitionsFeed implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DefinitionsFeed.name);
  private consumer?: Consumer;

  constructor(
    private readonly index: TriggerIndex,
    @Inject(KAFKA_SETTINGS) private readonly settings: KafkaSettings,
    @Inject('SERVICE_CONFIG') private readonly config: TriggersConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const topic = prefixedTopic(Topics.definitionChanged, topicPrefixOf(this.settings));
    const kafka = new Kafka({
      clientId: `${this.settings.serviceName}-index`,
      brokers: this.settings.brokers,
      logLevel: logLevel.WARN,
      retry: { initialRetryTime: 200, retries: 8 },
    });
    const catchUp = new CatchUp(await endsOf(kafka, topic));
    const consumer = kafka.consumer({
      groupId: `${this.settings.serviceName}-index-${randomBytes(6).toString('hex')}`,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: CONSUMER_MAX_WAIT_MS,
    });
    this.consumer = consumer;
    const started = Date.now();
    try {
      // kafkajs restarts a consumer after a retriable crash by itself; a crash it gives up on leaves this
      // replica's index behind, which only the logs can tell.
      consumer.on(consumer.events.CRASH, ({ payload }) =>
        this.logger.error(
          `the definitions consumer crashed (${payload.restart ? 'restarting' : 'not restarting'}): ${payload.error.message}`,
        ),
      );
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          this.apply(
            message.key?.toString('utf8') ?? null,
            message.value?.toString('utf8') ?? null,
            partition,
            message.offset,
          );
          catchUp.record(partition, message.offset);
        },
      });
      await catchUp.wait(this.config.INDEX_CATCH_UP_TIMEOUT_MS);
    } catch (error) {
      await this.stop();
      throw error;
    }
    const stats = this.index.stats();
    this.logger.log(
      `trigger index loaded in ${Date.now() - started} ms: ${stats.workflows} workflows, ${stats.eventTriggers} event triggers`,
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  private apply(key: string | null, value: string | null, partition: number, offset: string): void {
    const outcome = applyDefinitionChange(this.index, key, value);
    if (outcome.kind === 'skipped') {
      this.logger.error(
        `definitions record ${partition}@${offset} (key ${JSON.stringify(key)}) skipped: ${outcome.reason}`,
      );
    }
  }

  private async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect();
  }
}

/**
 * Where each partition ends now. Right after the topic was created its partitions may have no leader
 * yet (`ensureTopics` ran a moment ago), so retriable answers are retried for a few seconds.
 */
async function endsOf(kafka: Kafka, topic: string): Promise<PartitionEnd[]> {
  for (let attempt = 1; ; attempt += 1) {
    // A new admin client each time, so a retry starts from fresh metadata.
    const admin = kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      return offsets.map(({ partition, low, high }) => ({ partition, low, high }));
    } catch (error) {
      if (attempt >= END_OFFSET_ATTEMPTS || !(error as { retriable?: boolean }).retriable) throw error;
    } finally {
      await admin.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
  }
}
