import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { OrchestratorConfig } from '../orchestrator.config';
import { RunRepository } from '../runs/run.repository';
import { RunAdmission } from './run-admission';

const MAX_ORGS_PER_SWEEP = 50;

/**
 * A safety net for queueing: runs are started when a run holding a slot ends (same transaction), but a
 * slot can also free without that (limits raised in config, a crash between two steps). Every sweep
 * starts, per org with queued runs, whatever fits now. Stops before the outbox's last flush on shutdown.
 */
@Injectable()
export class QueueSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(QueueSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly runs: RunRepository,
    private readonly admission: RunAdmission,
    @Inject('SERVICE_CONFIG') private readonly config: OrchestratorConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.sweepSoon(), this.config.TIMER_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  sweepSoon(): void {
    if (this.running) return;
    this.running = this.sweep()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.warn(`queue sweep failed, will retry: ${String(error)}`))
      .finally(() => (this.running = undefined));
  }

  /** Returns how many queued runs started. */
  async sweep(): Promise<number> {
    const orgs = await this.runs.transaction((tx) => tx.slots.orgsWithQueuedRuns(MAX_ORGS_PER_SWEEP));
    let started = 0;
    for (const orgId of orgs) {
      started += await this.runs.transaction((tx) => this.admission.startQueued(tx, orgId));
    }
    return started;
  }
}
