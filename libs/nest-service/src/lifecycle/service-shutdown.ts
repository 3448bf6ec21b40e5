import { type INestApplication, type LoggerService } from '@nestjs/common';
import { type Server } from 'node:http';
import { drainOutboxes } from '@flowline/nest-database';
import { type FlowlineKafkaServer } from '@flowline/nest-kafka';
import { flushTelemetry, serviceStopping, stopPeriodicTasks } from '@flowline/nest-observability';

/** How long in-flight HTTP requests get to finish once the server stopped accepting connections. */
const HTTP_DRAIN_MS = 10_000;
/** How often, while draining, keep-alive sockets whose request has finished are closed. */
const IDLE_SWEEP_MS = 100;

/**
 * Stops a service in one order, the same for every service:
 * 1. stop taking work: the HTTP server accepts no new connections, periodic tasks stop (after their
 *    pass in flight), the Kafka consumer stops fetching, and what waits inside a request for something
 *    that may take seconds hears `serviceStopping` and answers with what it has;
 * 2. finish or hand back in-flight work: HTTP requests in flight finish, consumed messages finish within
 *    the consumer's grace period, the rest stays uncommitted for the partition's next owner;
 * 3. drain the outbox: everything the finished work committed is published;
 * 4. flush telemetry: spans of all of the above are exported;
 * 5. close PostgreSQL and Kafka (Nest's shutdown hooks, `app.close()`).
 */
export async function stopService(
  app: INestApplication,
  consumer: FlowlineKafkaServer | undefined,
  logger: LoggerService,
): Promise<void> {
  const step = (message: string) => logger.log({ message: `shutdown: ${message}` }, 'stopService');
  step('stop taking work');
  const http = stopAccepting(app.getHttpServer() as Server);
  try {
    serviceStopping.announce();
  } catch (error) {
    logger.error({ message: `shutdown: ${String(error)}` });
  }
  await stopPeriodicTasks();
  step('finish or hand back in-flight work');
  await Promise.all([http, consumer?.close()]);
  step('drain the outbox');
  await drainOutboxes().catch((error: unknown) =>
    logger.error({ message: `shutdown: outbox drain failed, the next start publishes it: ${String(error)}` }),
  );
  step('flush telemetry');
  await flushTelemetry();
  step('close PostgreSQL and Kafka');
  await app.close();
}

/**
 * Resolves once the requests in flight finished (or after `drainMs`). Idle keep-alive sockets close now,
 * and each busy one as soon as its request finished, not when its keep-alive timeout ends.
 */
export function stopAccepting(server: Server, drainMs = HTTP_DRAIN_MS): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    const timer = setTimeout(() => {
      clearInterval(sweep);
      server.closeAllConnections();
      resolve();
    }, drainMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}
