import { startTelemetry } from '@flowline/nest-observability';
startTelemetry({ serviceName: 'triggers' });

import { loadConfig, startService } from '@flowline/nest-service';
import { AppModule } from './app.module';
import { SERVICE_NAME, TriggersConfig } from './triggers.config';

async function main(): Promise<void> {
  const config = loadConfig(TriggersConfig);
  await startService({
    name: SERVICE_NAME,
    title: 'Flowline triggers',
    module: AppModule.forRoot(config),
    config,
    consumesKafka: true,
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
