import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, type KafkaContext } from '@nestjs/microservices';
import { ActionRunChangedMessage, Topics } from '@flowline/contracts';
import { KafkaMessageConsumer } from '@flowline/nest-kafka';
import { MatchEventTriggers } from './use-cases/match-event-triggers';

/** Action-run changes from the orchestrator, for automations on RUN_UPDATED / ANY_RUN_CHANGE. */
@Controller()
export class ActionRunChangesConsumer {
  constructor(
    private readonly messages: KafkaMessageConsumer,
    private readonly matchEventTriggers: MatchEventTriggers,
  ) {}

  @EventPattern(Topics.actionRunChanged)
  onActionRunChanged(@Ctx() ctx: KafkaContext) {
    return this.messages.consume(ctx, ActionRunChangedMessage, (message) =>
      this.matchEventTriggers.executeRunChange(message),
    );
  }
}
