import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './build-output';
import { freePorts, ServiceProcess } from './service-process';

/** The services behind the gateway (their folder names under apps/). */
export const BackendApps = [
  'workflows',
  'catalog',
  'triggers',
  'orchestrator',
  'executor-webhook',
  'executor-kafka',
  'executor-upsert-entity',
  'executor-github',
] as const;
export type BackendApp = (typeof BackendApps)[number];
export type FlowlineApp = BackendApp | 'gateway';

export interface FlowlineSystemOptions {
  /** Which services to run besides the gateway; the others stay "not deployed" (the gateway answers 503). */
  services: readonly BackendApp[];
  /** DATABASE_URL, KAFKA_BROKERS, KAFKA_TOPIC_PREFIX, AUTH_JWT_SECRET, LOG_LEVEL, ...: every process gets them. */
  commonEnv: Record<string, string>;
  /** Per-app variables over the common ones (e.g. DATABASE_SCHEMA, secrets). */
  env?: Partial<Record<FlowlineApp, Record<string, string>>>;
  /** Fixed ports; apps not named get free loopback ports. */
  ports?: Partial<Record<FlowlineApp, number>>;
  /** One log file per app: <logDir>/<app>.log. */
  logDir: string;
}

export interface CreatedClient {
  orgId: string;
  clientId: string;
  clientSecret: string;
  roles: string[];
  accessToken: string;
}

const execFileAsync = promisify(execFile);

/** `executor-webhook` → `EXECUTOR_WEBHOOK_URL`: the variable through which other apps find an app. */
export function urlVariableOf(app: FlowlineApp): string {
  return `${app.toUpperCase().replace(/-/g, '_')}_URL`;
}

/**
 * Flowline as separate processes on loopback, as production runs it: each service runs its migrations,
 * then serves; every process learns where the others are (`<APP>_URL`); the gateway stands in front.
 * `npm start` and apps/e2e both run the system through this class.
 */
export class FlowlineSystem {
  readonly processes = new Map<FlowlineApp, ServiceProcess>();

  private constructor(private readonly options: FlowlineSystemOptions) {}

  static async start(options: FlowlineSystemOptions): Promise<FlowlineSystem> {
    const system = new FlowlineSystem(options);
    try {
      await system.startAll();
      return system;
    } catch (error) {
      await system.stop();
      throw error;
    }
  }

  get gatewayUrl(): string {
    return this.baseUrlOf('gateway');
  }

  baseUrlOf(app: FlowlineApp): string {
    const service = this.processes.get(app);
    if (!service) throw new Error(`${app} is not running`);
    return service.baseUrl;
  }

  /** Creates an org's API client in the gateway's database with `tools/create-client`, as a developer would. */
  async createClient(orgId: string, roles = 'admin'): Promise<CreatedClient> {
    const { stdout } = await execFileAsync('tools/create-client', ['--org', orgId, '--roles', roles], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...this.envOf('gateway') },
    });
    return JSON.parse(stdout) as CreatedClient;
  }

  /** Stops one service gracefully (SIGTERM, then SIGKILL after a timeout). */
  async stopApp(app: FlowlineApp): Promise<void> {
    await this.processes.get(app)?.stop();
  }

  /** Kills one service with SIGKILL (no graceful shutdown, as a crash) and waits until it has exited. */
  async killApp(app: FlowlineApp): Promise<void> {
    await this.processes.get(app)?.kill();
  }

  /**
   * Starts a stopped or killed service again, on the same port with the same environment; resolves once
   * it is ready. A service still running is left as it is.
   */
  async startApp(app: FlowlineApp): Promise<void> {
    const service = this.processes.get(app);
    if (!service) throw new Error(`${app} is not part of this system`);
    if (service.running) return;
    this.processes.set(app, await service.restart());
  }

  /** Stops one service gracefully if it runs, then starts it again on the same port with the same environment. */
  async restartApp(app: FlowlineApp): Promise<void> {
    const service = this.processes.get(app);
    if (!service) throw new Error(`${app} is not part of this system`);
    this.processes.set(app, await service.restart());
  }

  /** Stops every process, gateway first, by pid. */
  async stop(): Promise<void> {
    const running = [...this.processes.values()].reverse();
    await Promise.all(running.map((service) => service.stop()));
  }

  private async startAll(): Promise<void> {
    const apps: FlowlineApp[] = [...this.options.services, 'gateway'];
    const free = await freePorts(apps.length);
    const ports = new Map(apps.map((app, i) => [app, this.options.ports?.[app] ?? free[i]]));
    const urls: Record<string, string> = {};
    for (const app of BackendApps) {
      const port = this.options.services.includes(app) ? ports.get(app) : undefined;
      urls[urlVariableOf(app)] = port ? `http://127.0.0.1:${port}` : '';
    }
    // All at once: a service needs only the others' addresses, not the others, to start.
    const started = await Promise.allSettled(
      apps.map(async (app) => {
        const service = await ServiceProcess.start({
          app,
          port: ports.get(app) ?? 0,
          logFile: path.join(this.options.logDir, `${app}.log`),
          env: { ...process.env, ...urls, ...this.envOf(app) },
        });
        this.processes.set(app, service);
      }),
    );
    const failures = started.flatMap((result) =>
      result.status === 'rejected'
        ? [result.reason instanceof Error ? result.reason.message : String(result.reason)]
        : [],
    );
    if (failures.length > 0) throw new Error(failures.join('\n\n'));
  }

  private envOf(app: FlowlineApp): Record<string, string> {
    return { ...this.options.commonEnv, ...this.options.env?.[app] };
  }
}
