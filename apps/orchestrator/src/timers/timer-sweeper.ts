import { Inject, Injectable } from '@nestjs/common';
import { PeriodicTask } from '@flowline/nest-observability';
import type { OrchestratorConfig } from '../orchestrator.config';
import { RunRepository } from '../runs/run.repository';
import { RunWork } from '../runs/run-work';
import { ProcessedMessagesRetention } from './processed-messages-retention';

/** Timers fired per sweep at most, so one sweep never holds the loop for long. */
const MAX_TIMERS_PER_SWEEP = 100;

/**
 * Fires due node-run timers (timeouts, retry waits). Each timer is handled in its own transaction: pick
 * it (FOR UPDATE SKIP LOCKED, so replicas share the work), lock its run, apply the engine's transition,
 * delete the timer. A crash before commit leaves the timer due, so it fires again after a restart.
 */
@Injectable()
export class TimerSweeper extends PeriodicTask {
  constructor(
    private readonly runs: RunRepository,
    private readonly work: RunWork,
    private readonly retention: ProcessedMessagesRetention,
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

  /** Fires every due timer (up to a bound); returns how many changed a run. */
  async sweep(): Promise<number> {
    let applied = 0;
    for (let i = 0; i < MAX_TIMERS_PER_SWEEP; i += 1) {
      const outcome = await this.fireNext();
      if (outcome === 'none') break;
      if (outcome === 'applied') applied += 1;
    }
    await this.retention.pruneSoon();
    return applied;
  }

  private fireNext(): Promise<'none' | 'applied' | 'stale'> {
    return this.runs.transaction(async (tx) => {
      const due = await tx.pickDueTimer();
      if (!due) return 'none';
      const timer = { kind: due.kind, nodeRunId: due.nodeRunIdentifier, attempt: due.attempt };
      const result = await this.work.applyIn(tx, due.orgId, due.runIdentifier, { kind: 'timer', timer });
      await tx.deleteTimer(due);
      return result.outcome === 'applied' ? 'applied' : 'stale';
    });
  }
}
