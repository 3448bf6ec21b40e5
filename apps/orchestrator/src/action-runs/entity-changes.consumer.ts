import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, type KafkaContext } from '@nestjs/microservices';
import { EntityChangedMessage, Topics } from '@flowline/contracts';
import { KafkaMessageConsumer } from '@flowline/nest-kafka';
import { RecordEntityChange } from './record-entity-change';

/** Entity changes, for the ones written for an action run (`?run_id=`). */
@Controller()
export class EntityChangesConsumer {
  constructor(
    private readonly messages: KafkaMessageConsumer,
    private readonly recordEntityChange: RecordEntityChange,
  ) {}

  @EventPattern(Topics.entityChanged)
  onEntityChanged(@Ctx() ctx: KafkaContext) {
    return this.messages.consume(ctx, EntityChangedMessage, (message) =>
      this.recordEntityChange.execute(message),
    );
  }
}
