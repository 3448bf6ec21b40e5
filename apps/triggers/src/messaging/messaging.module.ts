import { Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { Topics } from '@flowline/contracts';
import { OutboxRelay } from '@flowline/nest-database';
import { ensureTopics } from '@flowline/nest-kafka';
import { kafkaSettingsFor, type ServiceConfig } from '@flowline/nest-service';
import { SERVICE_NAME } from '../triggers.config';

/**
 * Topics this service reads or writes, created before anything subscribes (consumers do not create
 * topics) and before the outbox relay starts; the definitions topic is created compacted.
 */
export const TOPICS = [
  Topics.definitionChanged,
  Topics.entityChanged,
  Topics.actionRunChanged,
  Topics.runRequested,
];

@Injectable()
export class ServiceTopics implements OnModuleInit {
  constructor(@Inject('SERVICE_CONFIG') private readonly config: ServiceConfig) {}

  async onModuleInit(): Promise<void> {
    await ensureTopics(kafkaSettingsFor(SERVICE_NAME, this.config), TOPICS);
  }
}

/**
 * The outbox relay (one per process). Deliberately not global: Nest shuts global modules down last, so
 * the relay's final flush runs while PostgreSQL and the Kafka producer (both global) are still open.
 */
@Module({ providers: [OutboxRelay, ServiceTopics], exports: [OutboxRelay] })
export class MessagingModule {}
