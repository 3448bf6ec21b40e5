import { type INestApplication, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { FlowlineKafkaServer, type KafkaSettings } from '@flowline/nest-kafka';

/**
 * Graceful shutdown, in order: stop consuming (the message in hand finishes and its offset is committed),
 * then the outbox relay publishes what is left (its `beforeApplicationShutdown`), then connections close.
 * Nest would close the Kafka consumer only after `beforeApplicationShutdown`, so a message handled during
 * the relay's last flush would leave its outbox rows for the next start; closing it on module destroy,
 * which comes first, avoids that. Closing it again later (Nest's own close) does nothing.
 */
@Injectable()
export class ConsumerShutdown implements OnModuleDestroy {
  private readonly logger = new Logger(ConsumerShutdown.name);
  private readonly servers: FlowlineKafkaServer[] = [];

  track(server: FlowlineKafkaServer): void {
    this.servers.push(server);
  }

  async onModuleDestroy(): Promise<void> {
    for (const server of this.servers) {
      await server.close();
      this.logger.log('stopped consuming Kafka');
    }
  }
}

/** Connects the orchestrator's Kafka consumer to the app (before `init()`), closed first on shutdown. */
export function connectKafkaConsumer(app: INestApplication, settings: KafkaSettings): void {
  const server = new FlowlineKafkaServer(settings);
  app.connectMicroservice({ strategy: server });
  app.get(ConsumerShutdown).track(server);
}
