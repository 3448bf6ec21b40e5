import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { nodeDispatchTopic, Topics } from '@flowline/contracts';
import { ensureTopics, KAFKA_SETTINGS, type KafkaSettings } from '@flowline/nest-kafka';
import { RUNTIME_SETTINGS, type RuntimeSettings } from '../runtime-settings';

/** Creates the executor's dispatch topic and the results topic at boot, before the consumer subscribes. */
@Injectable()
export class DispatchTopics implements OnModuleInit {
  constructor(
    @Inject(KAFKA_SETTINGS) private readonly kafka: KafkaSettings,
    @Inject(RUNTIME_SETTINGS) private readonly settings: RuntimeSettings,
  ) {}

  async onModuleInit(): Promise<void> {
    await ensureTopics(this.kafka, [nodeDispatchTopic(this.settings.backend), Topics.nodeCompleted]);
  }
}
