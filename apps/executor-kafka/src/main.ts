import { startTelemetry } from '@flowline/nest-observability';
startTelemetry({ serviceName: 'executor-kafka' });

import { loadConfig, startService } from '@flowline/nest-service';
import { AppModule } from './app.module';
import { ExecutorKafkaConfig, SERVICE_NAME } from './executor-kafka.config';

async function main(): Promise<void> {
  const config = loadConfig(ExecutorKafkaConfig);
  await startService({
    name: SERVICE_NAME,
    title: 'Flowline Kafka executor',
    module: AppModule.forRoot(config),
    config,
    consumesKafka: true,
    messageOrder: 'none',
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
