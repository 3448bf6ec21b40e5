import { Inject, Injectable, Logger } from '@nestjs/common';
import { serviceStopping } from '@flowline/nest-observability';
import { type TriggersConfig } from '../triggers.config';
import { RunCreationEvents } from './run-creation-events';
import { type RunSnapshot } from './run-snapshot';

export type RunCreation =
  /** The orchestrator has the run: a GET of it will find it. `view`: the run as created, when known. */
  | { state: 'confirmed'; status: string; result: string | null; view?: RunSnapshot }
  /**
   * Not confirmed within RUN_CREATION_WAIT_MS, or not waited for because the service is stopping; the
   * request is durable, the run will appear.
   */
  | { state: 'pending' }
  /** RUN_CREATION_WAIT_MS=0: not waited for. */
  | { state: 'not-checked' };

/**
 * The run is created by the orchestrator from the Kafka message, after this service has answered unless
 * it waits: for at most RUN_CREATION_WAIT_MS it waits for the run's first event on the run-events topic
 * (written in the transaction that creates the run), so a client's GET right after the POST does not 404.
 * One way, no polling and no fixed waits: the answer goes out as soon as the event arrives.
 */
@Injectable()
export class RunConfirmation {
  private readonly logger = new Logger(RunConfirmation.name);
  private readonly waitMs: number;

  constructor(
    @Inject('SERVICE_CONFIG') config: TriggersConfig,
    private readonly events: RunCreationEvents,
  ) {
    this.waitMs = config.RUN_CREATION_WAIT_MS;
  }

  async waitForRun(orgId: string, runId: string): Promise<RunCreation> {
    if (this.waitMs === 0) return { state: 'not-checked' };
    const seen = await this.events.waitFor(runId, this.waitMs);
    if (seen) return { state: 'confirmed', status: seen.status, result: seen.result, view: seen.view };
    if (!serviceStopping.stopping)
      this.logger.warn(`run ${runId} of ${orgId} not confirmed by the orchestrator within ${this.waitMs} ms`);
    return { state: 'pending' };
  }
}
