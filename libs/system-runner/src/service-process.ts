import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import axios from 'axios';
import { REPO_ROOT } from './build-output';

const REGISTER = './tools/runtime/register.js';
const live = new Set<ChildProcess>();

// Last resort when jest dies without running afterAll: no service outlives the test run.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export interface ServiceProcessOptions {
  /** The app's folder name: runs dist/apps/<app>/src/{migrate,main}.js. */
  app: string;
  port: number;
  env: NodeJS.ProcessEnv;
  /** Where the process's stdout and stderr go (appended). */
  logFile: string;
  readyTimeoutMs?: number;
}

/**
 * One service as a separate process, like production runs it: its migrations first, then `main.js` on a
 * loopback port, ready once `/health/ready` says so.
 */
export class ServiceProcess {
  private constructor(
    readonly app: string,
    readonly baseUrl: string,
    readonly logFile: string,
    private readonly child: ChildProcess,
    private readonly exited: Promise<number | null>,
    private readonly options: ServiceProcessOptions,
  ) {}

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** False once the process has exited (stopped, killed or crashed). */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  static async start(options: ServiceProcessOptions): Promise<ServiceProcess> {
    const { app, port, logFile } = options;
    const entry = (name: string) => `dist/apps/${app}/src/${name}.js`;
    if (!fs.existsSync(path.join(REPO_ROOT, entry('main')))) {
      throw new Error(`apps/${app} has no build output ${entry('main')}: does the app exist and compile?`);
    }
    const env = { ...options.env, HOST: '127.0.0.1', PORT: String(port) };

    // Services without tables (some executors) have no migrations to run.
    if (fs.existsSync(path.join(REPO_ROOT, entry('migrate')))) {
      const migrate = launch(entry('migrate'), env, logFile);
      const migrateCode = await migrate.exited;
      if (migrateCode !== 0) {
        throw new Error(`${app} migrations failed (exit ${migrateCode}):\n${tail(logFile)}`);
      }
    }

    const main = launch(entry('main'), env, logFile);
    const service = new ServiceProcess(
      app,
      `http://127.0.0.1:${port}`,
      logFile,
      main.child,
      main.exited,
      options,
    );
    try {
      await service.waitUntilReady(options.readyTimeoutMs ?? 60_000);
    } catch (error) {
      await service.stop();
      throw error;
    }
    return service;
  }

  /** SIGTERM (graceful shutdown), then SIGKILL if the process has not exited within the timeout. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const exitedInTime = await Promise.race([
      this.exited.then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref()),
    ]);
    if (!exitedInTime) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  /**
   * SIGTERM, as Kubernetes stops a pod, and waits for the exit however long it takes (no SIGKILL): how
   * the process ended and how long its graceful shutdown took.
   */
  async terminate(): Promise<TerminationRecord> {
    const startedAt = Date.now();
    if (!this.running) return { exitCode: this.child.exitCode, signal: this.child.signalCode, durationMs: 0 };
    this.child.kill('SIGTERM');
    await this.exited;
    return {
      exitCode: this.child.exitCode,
      signal: this.child.signalCode,
      durationMs: Date.now() - startedAt,
    };
  }

  /** SIGKILL, as a crash or `kill -9` would end it (no shutdown hooks run); resolves once it has exited. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /**
   * The same service again, on the same port with the same environment and log file (migrations first,
   * then ready as at the first start). A process still running is stopped gracefully first.
   */
  async restart(): Promise<ServiceProcess> {
    await this.stop();
    return ServiceProcess.start(this.options);
  }

  private async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`${this.app} exited before it was ready:\n${tail(this.logFile)}`);
      }
      try {
        const ready = await axios.get(`${this.baseUrl}/health/ready`, {
          timeout: 5_000,
          validateStatus: () => true,
        });
        if (ready.status === 200) return;
        last = `${ready.status} ${JSON.stringify(ready.data)}`;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(
      `${this.app} was not ready within ${timeoutMs} ms (last: ${last}):\n${tail(this.logFile)}`,
    );
  }
}

/** Loopback ports that were free a moment ago, all different (held open together while picked). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => net.createServer());
  await Promise.all(
    servers.map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))),
  );
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  return ports;
}

/**
 * FLOWLINE_CPU_PROF_DIR=<dir>: every service writes a V8 CPU profile there when it exits (Node refuses
 * `--cpu-prof` in NODE_OPTIONS), for finding where a run's CPU goes under a bench.
 */
function profilerArgs(entry: string): string[] {
  const dir = process.env['FLOWLINE_CPU_PROF_DIR'];
  if (!dir || !entry.endsWith('main.js')) return [];
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
}

function launch(
  entry: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
): { child: ChildProcess; exited: Promise<number | null> } {
  const log = fs.openSync(logFile, 'a');
  fs.writeSync(log, `\n--- ${new Date().toISOString()} node ${entry}\n`);
  const child = spawn(process.execPath, [...profilerArgs(entry), '-r', REGISTER, entry], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  live.add(child);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      live.delete(child);
      resolve(code);
    });
    child.once('error', () => {
      live.delete(child);
      resolve(-1);
    });
  });
  return { child, exited };
}

/** The end of a log file, for error messages. */
export function tail(logFile: string, lines = 40): string {
  if (!fs.existsSync(logFile)) return '(no log)';
  return `[${logFile}]\n${fs.readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n')}`;
}

/** How a process ended after SIGTERM. */
export interface TerminationRecord {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  durationMs: number;
}
