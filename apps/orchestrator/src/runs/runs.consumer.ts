import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, type KafkaContext } from '@nestjs/microservices';
import { NodeCompletedMessage, RunRequestedMessage, Topics } from '@flowline/contracts';
import { KafkaMessageConsumer } from '@flowline/nest-kafka';
import { RecordNodeResult } from './use-cases/record-node-result';
import { StartRun } from './use-cases/start-run';

/** What the orchestrator consumes: run requests (triggers) and node results (executors). */
@Controller()
export class RunsConsumer {
  constructor(
    private readonly messages: KafkaMessageConsumer,
    private readonly startRun: StartRun,
    private readonly recordNodeResult: RecordNodeResult,
  ) {}

  @EventPattern(Topics.runRequested)
  onRunRequested(@Ctx() ctx: KafkaContext) {
    return this.messages.consume(ctx, RunRequestedMessage, (message) => this.startRun.execute(message));
  }

  @EventPattern(Topics.nodeCompleted)
  onNodeCompleted(@Ctx() ctx: KafkaContext) {
    return this.messages.consume(ctx, NodeCompletedMessage, (message) =>
      this.recordNodeResult.execute(message),
    );
  }
}
