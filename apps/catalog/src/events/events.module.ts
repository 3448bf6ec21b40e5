import { Module } from '@nestjs/common';
import { OutboxRelay } from '@flowline/nest-database';
import { EntityChangeTopics } from './entity-change-topics';

/**
 * Publishing entity-change events: writers add them to the outbox in their transaction; the
 * `OutboxRelay` publishes them right after commit and drains the outbox on shutdown.
 */
@Module({
  providers: [OutboxRelay, EntityChangeTopics],
  exports: [OutboxRelay],
})
export class EventsModule {}
