import { startTelemetry } from '@flowline/nest-observability';
startTelemetry({ serviceName: 'executor-upsert-entity' });

import { loadConfig, startService } from '@flowline/nest-service';
import { AppModule } from './app.module';
import { ExecutorUpsertEntityConfig, SERVICE_NAME } from './executor-upsert-entity.config';

async function main(): Promise<void> {
  const config = loadConfig(ExecutorUpsertEntityConfig);
  await startService({
    name: SERVICE_NAME,
    title: 'Flowline upsert-entity executor',
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
