import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { KAFKA_SETTINGS, type KafkaSettings } from '@flowline/nest-kafka';
import { ExecutorKafkaConfig } from '../executor-kafka.config';

/** Topics known to exist; more than this many and the memory starts over (it is only a cache). */
const MAX_KNOWN_TOPICS = 10_000;

/**
 * Creates an org topic the first time this process publishes to it, then remembers it. The broker may
 * also create topics on first use (`auto.create.topics.enable`); creating them here does not depend on
 * that, and gives them the partitions this installation configured.
 */
@Injectable()
export class OrgTopics implements OnApplicationShutdown {
  private readonly logger = new Logger(OrgTopics.name);
  private readonly known = new Set<string>();
  private readonly creating = new Map<string, Promise<void>>();
  private admin?: Promise<Admin>;

  constructor(
    @Inject(KAFKA_SETTINGS) private readonly kafka: KafkaSettings,
    private readonly config: ExecutorKafkaConfig,
  ) {}

  /** Resolves once `topic` (a full name) exists; rejects when it could not be created. */
  ensure(topic: string): Promise<void> {
    if (this.known.has(topic)) return Promise.resolve();
    let pending = this.creating.get(topic);
    if (!pending) {
      pending = this.create(topic).finally(() => this.creating.delete(topic));
      this.creating.set(topic, pending);
    }
    return pending;
  }

  async onApplicationShutdown(): Promise<void> {
    const admin = await this.admin?.catch(() => undefined);
    await admin?.disconnect();
  }

  private async create(topic: string): Promise<void> {
    const admin = await this.connectedAdmin();
    const partitions = this.config.KAFKA_ORG_TOPIC_PARTITIONS;
    // -1: the broker's num.partitions / default.replication.factor.
    const created = await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: partitions > 0 ? partitions : -1, replicationFactor: -1 }],
    });
    if (created) this.logger.log({ message: 'created org topic', topic });
    if (this.known.size >= MAX_KNOWN_TOPICS) this.known.clear();
    this.known.add(topic);
  }

  private connectedAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = new Kafka({
        clientId: `${this.kafka.serviceName}-topics`,
        brokers: this.kafka.brokers,
        logLevel: logLevel.WARN,
      }).admin();
      this.admin = admin.connect().then(() => admin);
      // A failed connection is not kept: the next publish tries again.
      this.admin.catch(() => (this.admin = undefined));
    }
    return this.admin;
  }
}
