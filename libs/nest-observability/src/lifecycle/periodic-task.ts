import { Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';

const started = new Set<PeriodicTask>();

/**
 * A loop a service runs in the background (a sweeper, a poller): one pass at a time, every
 * `intervalMs`, starting once the application has booted; a failed pass is logged and the next one
 * tries again. Stopping waits for the pass in flight, so what it writes commits before the outbox's last
 * drain. Timers never keep the process alive. `stopPeriodicTasks` stops every started one: the first
 * step of a service's shutdown.
 */
export abstract class PeriodicTask implements OnApplicationBootstrap, OnModuleDestroy {
  protected readonly logger = new Logger(this.constructor.name);
  private timer?: NodeJS.Timeout;
  private pass?: Promise<void>;
  private stopped = false;

  /** Milliseconds between passes; 0 turns the task off. */
  protected abstract get intervalMs(): number;

  /** One pass of the loop. */
  protected abstract runOnce(): Promise<unknown>;

  /** Whether a pass runs at once on start (default), or only after the first interval. */
  protected get runsAtStart(): boolean {
    return false;
  }

  onApplicationBootstrap(): void {
    if (this.intervalMs <= 0 || this.stopped) return;
    started.add(this);
    this.timer = setInterval(() => this.runSoon(), this.intervalMs);
    this.timer.unref();
    if (this.runsAtStart) this.runSoon();
  }

  /** Starts a pass now unless one is running or the task stopped. */
  runSoon(): void {
    if (this.pass || this.stopped) return;
    this.pass = this.runOnce()
      .then(() => undefined)
      .catch((error: unknown) =>
        this.logger.warn(`${this.constructor.name} pass failed, will retry: ${String(error)}`),
      )
      .finally(() => (this.pass = undefined));
  }

  /** No more passes; resolves once the pass in flight (if any) finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    started.delete(this);
    await this.pass;
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }
}

/** Stops every started periodic task of this process and waits for their passes in flight. */
export async function stopPeriodicTasks(): Promise<void> {
  await Promise.all([...started].map((task) => task.stop()));
}
