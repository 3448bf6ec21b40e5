import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { testInfrastructure } from '@flowline/testing';
import { REPO_ROOT } from './build-output';
import { freePorts, ServiceProcess } from './service-process';

/** The services behind the gateway that the harness can start (their folder names under apps/). */
export type BackendApp = 'workflows' | 'catalog' | 'triggers' | 'orchestrator';
type AnyApp = BackendApp | 'gateway';

export interface SystemOptions {
  /** Which services to run; the others stay "not deployed" (the gateway answers 503 for them). */
  services: BackendApp[];
  /** Extra environment per app, over the harness's defaults. */
  env?: Partial<Record<AnyApp, Record<string, string>>>;
}

export interface CreatedClient {
  orgId: string;
  clientId: string;
  clientSecret: string;
  roles: string[];
  accessToken: string;
}

// What each app needs beyond the common variables.
const APP_ENV: Partial<Record<AnyApp, () => Record<string, string>>> = {
  workflows: () => ({ SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('base64') }),
};

const execFileAsync = promisify(execFile);

/**
 * Flowline as separate processes on loopback ports: the chosen services and the gateway in front of
 * them, each on its own schema `e2e_<run>_<app>`, all sharing one topic prefix `e2e.<run>.` and one
 * signing key. Logs go to tmp/e2e/<run>/<app>.log. `stop()` stops every process by pid, then drops the
 * schemas and topics.
 */
export class RunningSystem {
  readonly processes = new Map<AnyApp, ServiceProcess>();

  private constructor(
    readonly runId: string,
    readonly logDir: string,
    private readonly commonEnv: Record<string, string>,
  ) {}

  static async start(options: SystemOptions): Promise<RunningSystem> {
    const infrastructure = testInfrastructure();
    const runId = randomBytes(4).toString('hex');
    const logDir = path.join(REPO_ROOT, 'tmp', 'e2e', runId);
    fs.mkdirSync(logDir, { recursive: true });
    const system = new RunningSystem(runId, logDir, {
      DATABASE_URL: infrastructure.databaseUrl,
      KAFKA_BROKERS: infrastructure.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: `e2e.${runId}.`,
      AUTH_JWT_SECRET: `e2e-${randomBytes(24).toString('hex')}`,
      LOG_LEVEL: 'log',
    });
    try {
      const apps: AnyApp[] = [...options.services, 'gateway'];
      const picked = await freePorts(apps.length);
      const ports = new Map(apps.map((app, i) => [app, picked[i]]));
      // Every app learns where the started services are; an unset URL means "not deployed".
      const urls: Record<string, string> = {};
      for (const app of ['workflows', 'catalog', 'triggers', 'orchestrator'] as const) {
        const port = options.services.includes(app) ? ports.get(app) : undefined;
        urls[`${app.toUpperCase()}_URL`] = port ? `http://127.0.0.1:${port}` : '';
      }
      // All at once: the gateway needs only the services' addresses, not the services, to start.
      const started = await Promise.allSettled(
        apps.map((app) => system.startApp(app, ports.get(app) ?? 0, urls, options.env?.[app])),
      );
      const failures = started.flatMap((result) =>
        result.status === 'rejected'
          ? [result.reason instanceof Error ? result.reason.message : String(result.reason)]
          : [],
      );
      if (failures.length > 0) throw new Error(failures.join('\n\n'));
      return system;
    } catch (error) {
      await system.stop();
      throw error;
    }
  }

  get gatewayUrl(): string {
    const gateway = this.processes.get('gateway');
    if (!gateway) throw new Error('the gateway is not running');
    return gateway.baseUrl;
  }

  /** The signing key every process shares (to forge tokens signed with another key in tests, use any other). */
  get jwtSecret(): string {
    return this.commonEnv['AUTH_JWT_SECRET'];
  }

  /** Creates an org's client in the gateway's database with `tools/create-client`, as a developer would. */
  async createClient(orgId: string, roles = 'admin'): Promise<CreatedClient> {
    const { stdout } = await execFileAsync('tools/create-client', ['--org', orgId, '--roles', roles], {
      cwd: REPO_ROOT,
      env: { ...inheritedEnv(), ...this.commonEnv, DATABASE_SCHEMA: this.schemaOf('gateway') },
    });
    return JSON.parse(stdout) as CreatedClient;
  }

  /** Stops one service (graceful SIGTERM), e.g. to see the gateway answer for a service that went away. */
  async stopApp(app: AnyApp): Promise<void> {
    await this.processes.get(app)?.stop();
  }

  async stop(): Promise<void> {
    const running = [...this.processes.values()].reverse();
    await Promise.all(running.map((service) => service.stop()));
    await this.dropSchemas();
    await this.deleteTopics();
  }

  private async startApp(
    app: AnyApp,
    port: number,
    urls: Record<string, string>,
    extra: Record<string, string> = {},
  ): Promise<void> {
    const service = await ServiceProcess.start({
      app,
      port,
      logFile: path.join(this.logDir, `${app}.log`),
      env: {
        ...inheritedEnv(),
        ...urls,
        ...this.commonEnv,
        DATABASE_SCHEMA: this.schemaOf(app),
        ...APP_ENV[app]?.(),
        ...extra,
      },
    });
    this.processes.set(app, service);
  }

  private schemaOf(app: AnyApp): string {
    return `e2e_${this.runId}_${app}`;
  }

  private async dropSchemas(): Promise<void> {
    const pg = new Client({ connectionString: this.commonEnv['DATABASE_URL'] });
    await pg.connect();
    try {
      const { rows } = await pg.query<{ name: string }>(
        `select schema_name as name from information_schema.schemata where schema_name like $1`,
        [`e2e\\_${this.runId}\\_%`],
      );
      for (const { name } of rows) await pg.query(`drop schema if exists "${name}" cascade`);
    } finally {
      await pg.end();
    }
  }

  private async deleteTopics(): Promise<void> {
    const prefix = this.commonEnv['KAFKA_TOPIC_PREFIX'];
    const brokers = this.commonEnv['KAFKA_BROKERS'].split(',');
    const admin = new Kafka({ clientId: 'e2e-cleanup', brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
      if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 10_000 });
    } finally {
      await admin.disconnect();
    }
  }
}

/** This process's environment minus what jest set for itself. */
function inheritedEnv(): NodeJS.ProcessEnv {
  const { NODE_ENV: _nodeEnv, JEST_WORKER_ID: _worker, FLOWLINE_TEST_TIER: _tier, ...rest } = process.env;
  return rest;
}
