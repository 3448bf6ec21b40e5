import { startTelemetry } from '@flowline/nest-observability';
startTelemetry({ serviceName: 'catalog' });

import { loadConfig, startService } from '@flowline/nest-service';
import { AppModule } from './app.module';
import { CatalogConfig, SERVICE_NAME } from './catalog.config';

async function main(): Promise<void> {
  const config = loadConfig(CatalogConfig);
  await startService({
    name: SERVICE_NAME,
    title: 'Flowline catalog',
    module: AppModule.forRoot(config),
    config,
    consumesKafka: false,
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
