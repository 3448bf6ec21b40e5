import { setFlagsFromString } from 'node:v8';
import { type INestApplication, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { FlowlineKafkaServer } from '@flowline/nest-kafka';
import { HttpRouteLabel, JsonLogger, metricsHandler, stopTelemetry } from '@flowline/nest-observability';
import { ApiErrorFilter, dtoValidationPipe } from './api-errors';
import { answerAfterBody } from './request-bodies/answer-after-body';
import { configureRequestBodies } from './request-bodies/configure-request-bodies';
import { JsonBodyGuard } from './request-bodies/json-body.guard';
import { kafkaSettingsFor } from './core-service.module';
import { stopService } from './lifecycle/service-shutdown';
import { type ServiceConfig } from './service-config';

export interface StartServiceOptions {
  name: string;
  title: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  module: any;
  config: ServiceConfig;
  /** Whether the service consumes Kafka topics (has @EventPattern handlers). */
  consumesKafka: boolean;
  /**
   * 'per-key' (default): messages with the same key are handled one after the other (one run's
   * messages); 'none': any messages may be handled at once (executors: parallel branches of one run).
   */
  messageOrder?: 'per-key' | 'none';
  /**
   * Adjusts the app before `init()`, ahead of the shared body parsers (the gateway's router must see
   * bodies unread); startTestApp offers the same hook.
   */
  beforeInit?: (app: INestApplication) => void;
}

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * The HTTP conventions every service shares: answers wait for unread bodies (lingering close), error
 * envelope, JSON bodies only where a route reads one (415 otherwise), DTO validation, OpenAPI at /docs.
 * The body parsers come later, after `beforeInit`.
 */
export function configureHttpApp(app: INestApplication, title: string): void {
  app.use(answerAfterBody());
  app.useGlobalFilters(new ApiErrorFilter());
  // Guards, not interceptors: without any interceptor Nest calls a handler directly instead of through an
  // rxjs pipeline; they run after the authentication guard (APP_GUARD, registered when the app is created).
  app.useGlobalGuards(new HttpRouteLabel(), new JsonBodyGuard());
  app.useGlobalPipes(dtoValidationPipe());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle(title).setVersion('1').addBearerAuth().build(),
  );
  SwaggerModule.setup('docs', app, document);
}

/**
 * Boots a service: JSON logs, HTTP conventions, Prometheus metrics at `/metrics` (outside the API: no
 * token, not routed by the gateway, scraped per pod), the Kafka consumer (after `app.init()`, so every
 * provider is ready before the first message), listening on HOST:PORT, V8's interrupt budget
 * (`V8_INTERRUPT_BUDGET`) once listening, and graceful shutdown on SIGTERM/SIGINT in one order
 * (`stopService`).
 */
export async function startService(options: StartServiceOptions): Promise<INestApplication> {
  const { config } = options;
  const levels = LEVELS.slice(0, LEVELS.indexOf(config.LOG_LEVEL) + 1);
  const logger = new JsonLogger(options.name, undefined, new Set(levels));
  const app = await NestFactory.create(options.module, { logger, bufferLogs: true });
  app.use('/metrics', metricsHandler);
  configureHttpApp(app, options.title);
  let consumer: FlowlineKafkaServer | undefined;
  stopOnSignals(() => stopService(app, consumer, logger), logger);
  options.beforeInit?.(app);
  configureRequestBodies(app, config.requestBodyLimits);
  if (options.consumesKafka) {
    const orderByKey = options.messageOrder !== 'none';
    const settings = kafkaSettingsFor(options.name, config, { orderByKey });
    consumer = new FlowlineKafkaServer(settings);
    app.connectMicroservice({ strategy: consumer });
  }
  await app.init();
  await app.startAllMicroservices();
  await app.listen(config.PORT, config.HOST);
  // Hot request paths are optimised sooner from now on; start-up code ran once and is left as it was.
  if (config.V8_INTERRUPT_BUDGET > 0) setFlagsFromString(`--interrupt-budget=${config.V8_INTERRUPT_BUDGET}`);
  logger.log(
    { message: `${options.name} listening on http://${config.HOST}:${config.PORT}` },
    'startService',
  );
  return app;
}

/**
 * SIGTERM/SIGINT stop the service (`stopService`: stop taking work, finish it, drain the outbox, flush
 * telemetry, close connections), then the process exits 0, after exit-time work such as a CPU profile
 * (`--cpu-prof`) is written. A second Ctrl-C (SIGINT after SIGINT) exits at once; any other signal while
 * closing is ignored: a signal to the process group reaches a service both directly and through whoever
 * started it (`npm start`), and must not cut its shutdown short.
 */
function stopOnSignals(stop: () => Promise<void>, logger: JsonLogger): void {
  let closing: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing === 'SIGINT' && signal === 'SIGINT') process.exit(1);
    if (closing) return;
    closing = signal;
    logger.log({ message: `${signal}: shutting down` }, 'startService');
    stop()
      .then(() => stopTelemetry())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ message: `shutdown failed: ${String(error)}` }, undefined, 'startService');
        process.exit(1);
      });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
