import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import {
  type BackendApp,
  type CreatedClient,
  type FlowlineApp,
  type FlowlineInstance,
  FlowlineSystem,
  REPO_ROOT,
  type TerminationRecord,
} from '@flowline/system-runner';
import { testInfrastructure } from '@flowline/testing';

export type { BackendApp, CreatedClient };

export interface SystemOptions {
  /** Which services to run; the others stay "not deployed" (the gateway answers 503 for them). */
  services: BackendApp[];
  /** Extra environment per app, over the harness's defaults. */
  env?: Partial<Record<FlowlineApp, Record<string, string>>>;
  /** Processes per app (default 1), sharing the app's consumer groups. */
  replicas?: Partial<Record<BackendApp, number>>;
  /** Extra environment for every app (e.g. the identity provider's OIDC_* variables). */
  commonEnv?: Record<string, string>;
}

// What each app needs beyond the common variables, for a test run.
const APP_ENV: Partial<Record<FlowlineApp, () => Record<string, string>>> = {
  workflows: () => ({ SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('base64') }),
  'executor-webhook': () => ({
    WEBHOOK_SIGNING_SECRET: E2E_WEBHOOK_SIGNING_SECRET,
    // Test sinks listen on loopback, which the SSRF policy refuses unless allowed.
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  }),
};

/** The key the webhook executor signs with in e2e runs, so sinks can verify signatures. */
export const E2E_WEBHOOK_SIGNING_SECRET = 'e2e-webhook-signing-secret-0123456789abcdef';

/**
 * The system for one e2e test file: every service on its own schema `e2e_<run>_<app>`, all sharing one
 * topic prefix `e2e.<run>.` and one signing key, logs in tmp/e2e/<run>/. `stop()` stops every process by
 * pid, then drops the schemas and topics.
 */
export class RunningSystem {
  private constructor(
    readonly runId: string,
    readonly logDir: string,
    private readonly system: FlowlineSystem,
    private readonly commonEnv: Record<string, string>,
  ) {}

  static async start(options: SystemOptions): Promise<RunningSystem> {
    const infrastructure = testInfrastructure();
    const runId = randomBytes(4).toString('hex');
    const logDir = path.join(REPO_ROOT, 'tmp', 'e2e', runId);
    fs.mkdirSync(logDir, { recursive: true });
    const commonEnv = {
      DATABASE_URL: infrastructure.databaseUrl,
      KAFKA_BROKERS: infrastructure.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: `e2e.${runId}.`,
      AUTH_JWT_SECRET: `e2e-${randomBytes(24).toString('hex')}`,
      LOG_LEVEL: 'log',
      ...options.commonEnv,
    };
    const apps: FlowlineApp[] = [...options.services, 'gateway'];
    const env: Partial<Record<FlowlineApp, Record<string, string>>> = {};
    for (const app of apps) {
      env[app] = { DATABASE_SCHEMA: schemaOf(runId, app), ...APP_ENV[app]?.(), ...options.env?.[app] };
    }
    try {
      const system = await FlowlineSystem.start({
        services: options.services,
        commonEnv,
        env,
        logDir,
        replicas: options.replicas,
      });
      return new RunningSystem(runId, logDir, system, commonEnv);
    } catch (error) {
      await cleanUp(runId, commonEnv);
      throw error;
    }
  }

  get gatewayUrl(): string {
    return this.system.gatewayUrl;
  }

  get processes(): FlowlineSystem['processes'] {
    return this.system.processes;
  }

  /** The signing key every process shares (to forge tokens signed with another key in tests, use any other). */
  get jwtSecret(): string {
    return this.commonEnv['AUTH_JWT_SECRET'];
  }

  get topicPrefix(): string {
    return this.commonEnv['KAFKA_TOPIC_PREFIX'];
  }

  /** The PostgreSQL schema an app of this system keeps its tables in. */
  schemaOf(app: FlowlineApp): string {
    return schemaOf(this.runId, app);
  }

  createClient(orgId: string, roles = 'admin'): Promise<CreatedClient> {
    return this.system.createClient(orgId, roles);
  }

  stopApp(app: FlowlineInstance): Promise<void> {
    return this.system.stopApp(app);
  }

  /** SIGKILL, as a crash would end it; resolves once the process has exited. */
  killApp(app: FlowlineInstance): Promise<void> {
    return this.system.killApp(app);
  }

  /** SIGTERM, as Kubernetes stops a pod; resolves once the process exited, with its exit and duration. */
  terminateApp(app: FlowlineInstance): Promise<TerminationRecord> {
    return this.system.terminateApp(app);
  }

  /** An app's own URL (not through the gateway), e.g. for its /metrics. */
  baseUrlOf(app: FlowlineInstance): string {
    return this.system.baseUrlOf(app);
  }

  /** Starts the app again (after a kill or stop) on the same port with the same environment. */
  restartApp(app: FlowlineInstance): Promise<void> {
    return this.system.restartApp(app);
  }

  async stop(): Promise<void> {
    await this.system.stop();
    await cleanUp(this.runId, this.commonEnv);
  }
}

function schemaOf(runId: string, app: FlowlineApp): string {
  return `e2e_${runId}_${app.replace(/-/g, '_')}`;
}

async function cleanUp(runId: string, env: Record<string, string>): Promise<void> {
  const pg = new Client({ connectionString: env['DATABASE_URL'] });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ name: string }>(
      `select schema_name as name from information_schema.schemata where schema_name like $1`,
      [`e2e\\_${runId}\\_%`],
    );
    for (const { name } of rows) await pg.query(`drop schema if exists "${name}" cascade`);
  } finally {
    await pg.end();
  }
  const prefix = env['KAFKA_TOPIC_PREFIX'];
  const admin = new Kafka({
    clientId: 'e2e-cleanup',
    brokers: env['KAFKA_BROKERS'].split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 10_000 });
  } finally {
    await admin.disconnect();
  }
}
