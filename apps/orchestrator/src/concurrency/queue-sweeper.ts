import { Inject, Injectable } from '@nestjs/common';
import { PeriodicTask } from '@flowline/nest-observability';
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
export class QueueSweeper extends PeriodicTask {
  constructor(
    private readonly runs: RunRepository,
    private readonly admission: RunAdmission,
    @Inject('SERVICE_CONFIG') private readonly config: OrchestratorConfig,
  ) {
    super();
  }

  protected get intervalMs(): number {
    return this.config.TIMER_SWEEP_INTERVAL_MS;
  }

  protected runOnce(): Promise<number> {
    return this.sweep();
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
