import { Module } from '@nestjs/common';
import { OutboxRelay } from '@flowline/nest-database';

/**
 * The outbox relay, for node results decided outside a dispatch (webhook, polling). Not global: Nest
 * shuts global modules down last, so the relay's final flush runs while PostgreSQL and the Kafka
 * producer are still open. (The results topic itself is created by the executor runtime at boot.)
 */
@Module({ providers: [OutboxRelay], exports: [OutboxRelay] })
export class MessagingModule {}
