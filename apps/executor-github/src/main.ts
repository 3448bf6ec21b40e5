import { startTelemetry } from '@flowline/nest-observability';
startTelemetry({ serviceName: 'executor-github' });

import { Logger } from '@nestjs/common';
import { loadConfig, startService } from '@flowline/nest-service';
import { AppModule } from './app.module';
import { ExecutorGithubConfig, SERVICE_NAME } from './executor-github.config';
import { configureRequestBodies } from './http/raw-body';

async function main(): Promise<void> {
  const config = loadConfig(ExecutorGithubConfig);
  await startService({
    name: SERVICE_NAME,
    title: 'Flowline GitHub executor',
    module: AppModule.forRoot(config),
    config,
    consumesKafka: true,
    messageOrder: 'none',
    beforeInit: configureRequestBodies,
  });
  if (!config.GITHUB_WEBHOOK_SECRET) {
    new Logger(SERVICE_NAME).warn(
      'GITHUB_WEBHOOK_SECRET is not set: workflow_run webhooks are refused, run status comes from polling only',
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
