import { Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { ExecutorBackends, nodeDispatchTopic, Topics } from '@flowline/contracts';
import { OutboxRelay } from '@flowline/nest-database';
import { ensureTopics } from '@flowline/nest-kafka';
import { kafkaSettingsFor, type ServiceConfig } from '@flowline/nest-service';
import { SERVICE_NAME } from '../orchestrator.config';
import { ExecutorPresence, ExecutorsHealthController } from './executor-presence';
import { ConsumerShutdown } from './kafka-consumer';

/**
 * What the orchestrator reads (run requests, node results, entity changes made for action runs) and
 * writes (dispatches, run events).
 */
export const ORCHESTRATOR_TOPICS = [
  Topics.runRequested,
  Topics.nodeCompleted,
  Topics.runEvents,
  Topics.entityChanged,
  Topics.actionRunChanged,
  ...ExecutorBackends.map(nodeDispatchTopic),
];

/** Creates the topics (and their dead-letter topics) before the consumer subscribes and the relay runs. */
@Injectable()
export class OrchestratorTopics implements OnModuleInit {
  constructor(@Inject('SERVICE_CONFIG') private readonly config: ServiceConfig) {}

  async onModuleInit(): Promise<void> {
    await ensureTopics(kafkaSettingsFor(SERVICE_NAME, this.config), ORCHESTRATOR_TOPICS);
  }
}

/**
 * The outbox relay (one per process). Not global: Nest shuts global modules down last, so the relay's
 * final flush runs while PostgreSQL and the Kafka producer (both global) are still open.
 */
@Module({
  controllers: [ExecutorsHealthController],
  providers: [OutboxRelay, OrchestratorTopics, ConsumerShutdown, ExecutorPresence],
  exports: [OutboxRelay, ConsumerShutdown, ExecutorPresence],
})
export class MessagingModule {}
