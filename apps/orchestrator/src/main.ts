import { startTelemetry } from '@flowline/nest-observability';
startTelemetry({ serviceName: 'orchestrator' });

import { kafkaSettingsFor, loadConfig, startService } from '@flowline/nest-service';
import { AppModule } from './app.module';
import { useExtendedQueryParser } from './http/http-conventions';
import { connectKafkaConsumer } from './messaging/kafka-consumer';
import { OrchestratorConfig, SERVICE_NAME } from './orchestrator.config';

async function main(): Promise<void> {
  const config = loadConfig(OrchestratorConfig);
  await startService({
    name: SERVICE_NAME,
    title: 'Flowline orchestrator',
    module: AppModule.forRoot(config),
    config,
    // The consumer is connected here rather than by startService, so shutdown can stop it first.
    consumesKafka: false,
    beforeInit: (app) => {
      useExtendedQueryParser(app);
      connectKafkaConsumer(app, kafkaSettingsFor(SERVICE_NAME, config));
    },
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
