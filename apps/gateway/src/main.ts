import { startTelemetry } from '@flowline/nest-observability';
startTelemetry({ serviceName: 'gateway' });

import { loadConfig, startService } from '@flowline/nest-service';
import { AppModule } from './app.module';
import { installConsole } from './console/console-assets';
import { GatewayConfig, SERVICE_NAME } from './gateway.config';
import { installPublicApiRouter } from './routing/routing.module';

async function main(): Promise<void> {
  const config = loadConfig(GatewayConfig);
  await startService({
    name: SERVICE_NAME,
    title: 'Flowline gateway',
    module: AppModule.forRoot(config),
    config,
    consumesKafka: false,
    beforeInit: (app) => {
      installPublicApiRouter(app);
      installConsole(app);
    },
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
