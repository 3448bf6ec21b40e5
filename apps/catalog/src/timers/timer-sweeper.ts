import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { addToOutbox } from '@flowline/nest-database';
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
export class TimerSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(TimerSweeper.name);
  private timer?: NodeJS.Timeout;
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private completed = 0;

  constructor(
    private readonly timers: TimersRepository,
    @Inject('SERVICE_CONFIG') private readonly config: CatalogConfig,
  ) {}

  /** How many sweeps have finished since start (operators and tests watch it advance). */
  get sweeps(): number {
    return this.completed;
  }

  onApplicationBootstrap(): void {
    this.scheduleNext(0);
  }

  /** Stops sweeping and waits for a sweep in progress, before the outbox relay's final drain. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.queue;
  }

  /** One sweep: fires every timer due now. Calls on one instance run one after another. */
  sweepOnce(): Promise<number> {
    const sweep = this.queue.then(() => this.sweep());
    this.queue = sweep.catch(() => undefined);
    return sweep;
  }

  private scheduleNext(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.sweepOnce()
        .catch((error: unknown) => this.logger.warn(`timer sweep failed, will retry: ${String(error)}`))
        .finally(() => this.scheduleNext(this.config.TIMER_SWEEP_INTERVAL_MS));
    }, delayMs);
    this.timer.unref();
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
