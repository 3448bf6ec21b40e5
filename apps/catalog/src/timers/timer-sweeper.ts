import { Inject, Injectable } from '@nestjs/common';
import { addToOutbox } from '@flowline/nest-database';
import { PeriodicTask } from '@flowline/nest-observability';
import { type CatalogConfig } from '../catalog.config';
import { entityOf } from '../entities/catalog-entity.entity';
import { entityChangedOutboxMessage } from '../events/entity-change-event';
import { TimersRepository } from './timers.repository';

const BATCH_SIZE = 100;

/**
 * Fires expired timer properties. Every interval it claims due timers (SKIP LOCKED, so replicas share
 * the work and never fire the same one), writes a TIMER_EXPIRED event per timer to the outbox and marks
 * them fired, all in one transaction. Timers are rows, so expiries that fell due while no replica ran
 * fire at the next start.
 */
@Injectable()
export class TimerSweeper extends PeriodicTask {
  private queue: Promise<unknown> = Promise.resolve();
  private completed = 0;

  constructor(
    private readonly timers: TimersRepository,
    @Inject('SERVICE_CONFIG') private readonly config: CatalogConfig,
  ) {
    super();
  }

  protected get intervalMs(): number {
    return this.config.TIMER_SWEEP_INTERVAL_MS;
  }

  protected override get runsAtStart(): boolean {
    return true;
  }

  protected runOnce(): Promise<number> {
    return this.sweepOnce();
  }

  /** How many sweeps have finished since start (operators and tests watch it advance). */
  get sweeps(): number {
    return this.completed;
  }

  /** Stops sweeping and waits for sweeps in progress (also those asked for directly), before the outbox's last drain. */
  override async stop(): Promise<void> {
    await super.stop();
    await this.queue;
  }

  /** One sweep: fires every timer due now. Calls on one instance run one after another. */
  sweepOnce(): Promise<number> {
    const sweep = this.queue.then(() => this.sweep());
    this.queue = sweep.catch(() => undefined);
    return sweep;
  }

  private async sweep(): Promise<number> {
    let fired = 0;
    for (;;) {
      const batch = await this.timers.transaction(async (manager) => {
        const expired = await this.timers.claimDue(manager, BATCH_SIZE);
        const at = new Date();
        await addToOutbox(
          manager,
          expired.map(({ timer, entity }) =>
            entityChangedOutboxMessage({
              action: 'TIMER_EXPIRED',
              orgId: timer.orgId,
              blueprintIdentifier: timer.blueprint,
              entityIdentifier: timer.entity,
              propertyIdentifier: timer.property,
              before: null,
              after: entityOf(entity),
              by: { orgId: timer.orgId, actorKind: 'system' },
              origin: 'TIMER',
              chainDepth: 0,
              at,
            }),
          ),
        );
        return expired.length;
      });
      fired += batch;
      if (batch < BATCH_SIZE) break;
    }
    this.completed += 1;
    return fired;
  }
}
