import { type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { type Principal, type Role, signAccessToken } from '@flowline/nest-auth';
import {
  configureHttpApp,
  configureRequestBodies,
  DEFAULT_REQUEST_BODY_LIMITS,
  type RequestBodyLimits,
} from '@flowline/nest-service';
import { type TestNamespace } from '@flowline/testing-infra';

/** The signing key every test service and test token uses. */
export const TEST_JWT_SECRET = 'flowline-test-signing-key-0123456789abcdef';

/** The environment a service under test reads: the test's own schema, topic prefix, and signing key. */
export function serviceTestEnv(ns: TestNamespace, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: ns.databaseUrl,
    DATABASE_SCHEMA: ns.schema,
    KAFKA_BROKERS: ns.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: ns.topicPrefix,
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

/** A bearer token for a test caller. */
export function testToken(
  orgId: string,
  options: {
    actorId?: string;
    roles?: Role[];
    kind?: Principal['kind'];
    email?: string;
    teams?: string[];
    ttlSeconds?: number;
    secret?: string;
  } = {},
): string {
  return signAccessToken(
    {
      orgId,
      actorId: options.actorId ?? `user@${orgId}`,
      kind: options.kind ?? 'user',
      roles: options.roles ?? ['admin'],
      ...(options.email ? { email: options.email } : {}),
      ...(options.teams ? { teams: options.teams } : {}),
    },
    options.secret ?? TEST_JWT_SECRET,
    options.ttlSeconds ?? 600,
  );
}

export interface RunningTestApp {
  app: INestApplication;
  /** e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Starts a service's root module in-process on a free loopback port, with the same HTTP conventions as
 * production (error envelope, DTO validation, OpenAPI). Real HTTP: tests call it with axios or fetch.
 */
export async function startTestApp(
  module: unknown,
  options: {
    title?: string;
    beforeInit?: (app: INestApplication) => void;
    /** The service config's `requestBodyLimits`; the shared defaults otherwise. */
    requestBodyLimits?: RequestBodyLimits;
  } = {},
): Promise<RunningTestApp> {
  const moduleRef = await Test.createTestingModule({ imports: [module as never] }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
  configureHttpApp(app, options.title ?? 'test');
  app.enableShutdownHooks();
  options.beforeInit?.(app);
  configureRequestBodies(app, options.requestBodyLimits ?? DEFAULT_REQUEST_BODY_LIMITS);
  await app.init();
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, baseUrl: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}
