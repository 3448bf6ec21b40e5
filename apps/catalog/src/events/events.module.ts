import { Module } from '@nestjs/common';
import { OutboxRelay } from '@flowline/nest-database';
import { EntityChangeTopics } from './entity-change-topics';

/**
 * Publishing entity-change events: writers add them to the outbox in their transaction and call
 * `OutboxRelay.publishSoon()` after commit; the relay drains the outbox on shutdown.
 */
@Module({
  providers: [OutboxRelay, EntityChangeTopics],
  exports: [OutboxRelay],
})
export class EventsModule {}
