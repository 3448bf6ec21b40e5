import { startTelemetry } from '@flowline/nest-observability';
startTelemetry({ serviceName: 'executor-webhook' });

import { loadConfig, startService } from '@flowline/nest-service';
import { AppModule } from './app.module';
import { ExecutorWebhookConfig, SERVICE_NAME } from './executor-webhook.config';

async function main(): Promise<void> {
  const config = loadConfig(ExecutorWebhookConfig);
  await startService({
    name: SERVICE_NAME,
    title: 'Flowline webhook executor',
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
