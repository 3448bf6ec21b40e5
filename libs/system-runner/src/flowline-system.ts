import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './build-output';
import { freePorts, ServiceProcess, type TerminationRecord } from './service-process';

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
/** One process of an app: `orchestrator` is its first replica, `orchestrator#2` its second. */
export type FlowlineInstance = FlowlineApp | `${FlowlineApp}#${number}`;

export interface FlowlineSystemOptions {
  /** Which services to run besides the gateway; the others stay "not deployed" (the gateway answers 503). */
  services: readonly BackendApp[];
  /** DATABASE_URL, KAFKA_BROKERS, KAFKA_TOPIC_PREFIX, AUTH_JWT_SECRET, LOG_LEVEL, ...: every process gets them. */
  commonEnv: Record<string, string>;
  /** Per-app variables over the common ones (e.g. DATABASE_SCHEMA, secrets). */
  env?: Partial<Record<FlowlineApp, Record<string, string>>>;
  /** Fixed ports; apps not named get free loopback ports. */
  ports?: Partial<Record<FlowlineApp, number>>;
  /** One log file per process: <logDir>/<app>.log, <logDir>/<app>-2.log for a second replica, ... */
  logDir: string;
  /**
   * Processes per backend app (default 1). Replicas share the app's Kafka consumer groups, so they share
   * its work; HTTP calls reach the first replica (the address other apps are given).
   */
  replicas?: Partial<Record<BackendApp, number>>;
}

/** The instances of a system: every app's first replica, then the extra replicas. */
export function instancesOf(
  options: Pick<FlowlineSystemOptions, 'services' | 'replicas'>,
): FlowlineInstance[] {
  const first: FlowlineInstance[] = [...options.services, 'gateway'];
  const extra = options.services.flatMap((app) =>
    Array.from(
      { length: Math.max(0, (options.replicas?.[app] ?? 1) - 1) },
      (_, i): FlowlineInstance => `${app}#${i + 2}`,
    ),
  );
  return [...first, ...extra];
}

/** `orchestrator=2,executor-webhook=3` (FLOWLINE_REPLICAS) → replicas per app; throws naming what is wrong. */
export function parseReplicas(text: string | undefined): Partial<Record<BackendApp, number>> {
  const replicas: Partial<Record<BackendApp, number>> = {};
  for (const part of (text ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [app, count] = part.split('=');
    const n = Number(count);
    if (!BackendApps.includes(app as BackendApp) || !Number.isInteger(n) || n < 1 || n > 8)
      throw new Error(
        `FLOWLINE_REPLICAS: "${part}" is not <app>=<1..8> with app one of ${BackendApps.join(', ')}`,
      );
    replicas[app as BackendApp] = n;
  }
  return replicas;
}

function appOf(instance: FlowlineInstance): FlowlineApp {
  return instance.split('#')[0] as FlowlineApp;
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
  readonly processes = new Map<FlowlineInstance, ServiceProcess>();

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

  baseUrlOf(app: FlowlineInstance): string {
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
  async stopApp(app: FlowlineInstance): Promise<void> {
    await this.processes.get(app)?.stop();
  }

  /** SIGTERM to one service, waiting for its graceful shutdown to end: exit code and how long it took. */
  async terminateApp(app: FlowlineInstance): Promise<TerminationRecord> {
    const service = this.processes.get(app);
    if (!service) throw new Error(`${app} is not part of this system`);
    return service.terminate();
  }

  /** Kills one service with SIGKILL (no graceful shutdown, as a crash) and waits until it has exited. */
  async killApp(app: FlowlineInstance): Promise<void> {
    await this.processes.get(app)?.kill();
  }

  /**
   * Starts a stopped or killed service again, on the same port with the same environment; resolves once
   * it is ready. A service still running is left as it is.
   */
  async startApp(app: FlowlineInstance): Promise<void> {
    const service = this.processes.get(app);
    if (!service) throw new Error(`${app} is not part of this system`);
    if (service.running) return;
    this.processes.set(app, await service.restart());
  }

  /** Stops one service gracefully if it runs, then starts it again on the same port with the same environment. */
  async restartApp(app: FlowlineInstance): Promise<void> {
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
    const instances = instancesOf(this.options);
    const free = await freePorts(instances.length);
    const ports = new Map(
      instances.map((instance, i) => [instance, this.options.ports?.[instance as FlowlineApp] ?? free[i]]),
    );
    const urls: Record<string, string> = {};
    for (const app of BackendApps) {
      const port = this.options.services.includes(app) ? ports.get(app) : undefined;
      urls[urlVariableOf(app)] = port ? `http://127.0.0.1:${port}` : '';
    }
    // First replicas all at once (a service needs only the others' addresses to start), then the extra
    // replicas, once the first has run the migrations.
    const first = instances.filter((instance) => !instance.includes('#'));
    await this.startInstances(first, ports, urls);
    await this.startInstances(
      instances.filter((instance) => instance.includes('#')),
      ports,
      urls,
    );
  }

  private async startInstances(
    instances: FlowlineInstance[],
    ports: Map<FlowlineInstance, number>,
    urls: Record<string, string>,
  ): Promise<void> {
    const started = await Promise.allSettled(
      instances.map(async (instance) => {
        const app = appOf(instance);
        const service = await ServiceProcess.start({
          app,
          port: ports.get(instance) ?? 0,
          logFile: path.join(this.options.logDir, `${instance.replace('#', '-')}.log`),
          env: { ...process.env, ...urls, ...this.envOf(app) },
        });
        this.processes.set(instance, service);
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
