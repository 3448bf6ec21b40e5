import { type DynamicModule, Module } from '@nestjs/common';
import { KafkaMessageConsumer } from './kafka-message-consumer';
import { KafkaPublisher } from './kafka-publisher';
import { KAFKA_SETTINGS, type KafkaSettings } from './kafka-settings';

/**
 * Kafka for a service: the producer wrapper and the consumer helper. The consuming side is a
 * microservice connected with `app.connectMicroservice({ strategy: new FlowlineKafkaServer(settings) })`.
 */
@Module({})
export class KafkaModule {
  static forRoot(settings: KafkaSettings): DynamicModule {
    return {
      module: KafkaModule,
      global: true,
      providers: [{ provide: KAFKA_SETTINGS, useValue: settings }, KafkaPublisher, KafkaMessageConsumer],
      exports: [KAFKA_SETTINGS, KafkaPublisher, KafkaMessageConsumer],
    };
  }
}
