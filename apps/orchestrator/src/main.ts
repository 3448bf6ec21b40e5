import { startTelemetry } from '@flowline/nest-observability';
startTelemetry({ serviceName: 'orchestrator' });

import { loadConfig, startService } from '@flowline/nest-service';
import { AppModule } from './app.module';
import { configureHttp } from './http/http-conventions';
import { OrchestratorConfig, SERVICE_NAME } from './orchestrator.config';

async function main(): Promise<void> {
  const config = loadConfig(OrchestratorConfig);
  await startService({
    name: SERVICE_NAME,
    title: 'Flowline orchestrator',
    module: AppModule.forRoot(config),
    config,
    consumesKafka: true,
    beforeInit: configureHttp(config),
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
