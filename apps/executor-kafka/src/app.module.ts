import { type DynamicModule, Module } from '@nestjs/common';
import { ExecutorRuntimeModule } from '@flowline/executor-runtime';
import { CoreServiceModule } from '@flowline/nest-service';
import { ExecutorKafkaConfig, SERVICE_NAME } from './executor-kafka.config';
import { KafkaNodeExecutor } from './kafka-node/kafka-node.executor';
import { OrgTopics } from './kafka-node/org-topics';

@Module({})
export class AppModule {
  static forRoot(config: ExecutorKafkaConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // No tables of its own: the executor keeps no state beyond its in-memory caches.
        CoreServiceModule.forRoot({ name: SERVICE_NAME, config, database: { entities: [], migrations: [] } }),
        ExecutorRuntimeModule.forRoot({
          backend: 'kafka',
          config,
          executor: KafkaNodeExecutor,
          providers: [{ provide: ExecutorKafkaConfig, useValue: config }, OrgTopics],
        }),
      ],
    };
  }
}
