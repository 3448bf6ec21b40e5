import { Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { Topics } from '@flowline/contracts';
import { OutboxRelay } from '@flowline/nest-database';
import { ensureTopics } from '@flowline/nest-kafka';
import { kafkaSettingsFor, type ServiceConfig } from '@flowline/nest-service';
import { SERVICE_NAME } from '../workflows.config';

/** Topics this service publishes to, created (compacted where they should be) before the outbox relay starts. */
export const PUBLISHED_TOPICS = [Topics.definitionChanged];

@Injectable()
export class PublishedTopics implements OnModuleInit {
  constructor(@Inject('SERVICE_CONFIG') private readonly config: ServiceConfig) {}

  async onModuleInit(): Promise<void> {
    await ensureTopics(kafkaSettingsFor(SERVICE_NAME, this.config), PUBLISHED_TOPICS);
  }
}

/**
 * The outbox relay (one per process), for every feature that announces changes on Kafka. Deliberately
 * not global: Nest shuts global modules down last, so the relay's final flush runs while PostgreSQL and
 * the Kafka producer (both global) are still open.
 */
@Module({ providers: [OutboxRelay, PublishedTopics], exports: [OutboxRelay] })
export class MessagingModule {}
