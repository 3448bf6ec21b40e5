import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, type KafkaContext } from '@nestjs/microservices';
import { EntityChangedMessage, Topics } from '@flowline/contracts';
import { KafkaMessageConsumer } from '@flowline/nest-kafka';
import { MatchEventTriggers } from './use-cases/match-event-triggers';

/** Entity changes from the catalog and external producers (consumer group `triggers`: replicas share them). */
@Controller()
export class EntityChangesConsumer {
  constructor(
    private readonly messages: KafkaMessageConsumer,
    private readonly matchEventTriggers: MatchEventTriggers,
  ) {}

  @EventPattern(Topics.entityChanged)
  onEntityChanged(@Ctx() ctx: KafkaContext) {
    return this.messages.consume(ctx, EntityChangedMessage, (message) =>
      this.matchEventTriggers.execute(message),
    );
  }
}
