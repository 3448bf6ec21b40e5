import { startTelemetry } from '@flowline/nest-observability';
startTelemetry({ serviceName: 'workflows' });

import { loadConfig, startService } from '@flowline/nest-service';
import { AppModule } from './app.module';
import { SERVICE_NAME, WorkflowsConfig } from './workflows.config';

async function main(): Promise<void> {
  const config = loadConfig(WorkflowsConfig);
  await startService({
    name: SERVICE_NAME,
    title: 'Flowline workflows',
    module: AppModule.forRoot(config),
    config,
    consumesKafka: false,
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
