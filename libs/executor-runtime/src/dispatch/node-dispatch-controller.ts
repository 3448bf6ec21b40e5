import { Controller, Inject, type Type } from '@nestjs/common';
import { Ctx, EventPattern, type KafkaContext } from '@nestjs/microservices';
import { type ExecutorBackend, NodeDispatchMessage, nodeDispatchTopic } from '@flowline/contracts';
import { KafkaMessageConsumer } from '@flowline/nest-kafka';
import { ExecuteNodeDispatch } from './execute-node-dispatch';

/**
 * The Kafka handler of one backend's dispatch topic. The topic is part of the decorator, so each
 * executor app gets its own controller class from this factory (ExecutorRuntimeModule calls it).
 */
export function nodeDispatchController(backend: ExecutorBackend): Type<unknown> {
  @Controller()
  class NodeDispatchController {
    constructor(
      @Inject(KafkaMessageConsumer) private readonly messages: KafkaMessageConsumer,
      @Inject(ExecuteNodeDispatch) private readonly dispatches: ExecuteNodeDispatch,
    ) {}

    @EventPattern(nodeDispatchTopic(backend))
    onNodeDispatch(@Ctx() ctx: KafkaContext) {
      return this.messages.consume(ctx, NodeDispatchMessage, (message) => this.dispatches.execute(message));
    }
  }
  return NodeDispatchController;
}
