import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Topics } from '@flowline/contracts';
import { ensureTopics } from '@flowline/nest-kafka';
import { kafkaSettingsFor, type ServiceConfig } from '@flowline/nest-service';
import { SERVICE_NAME } from '../catalog.config';

/** Creates the entity-changed topic (and its DLQ) at boot, before the outbox relay first publishes. */
@Injectable()
export class EntityChangeTopics implements OnModuleInit {
  constructor(@Inject('SERVICE_CONFIG') private readonly config: ServiceConfig) {}

  async onModuleInit(): Promise<void> {
    await ensureTopics(kafkaSettingsFor(SERVICE_NAME, this.config), [Topics.entityChanged]);
  }
}
