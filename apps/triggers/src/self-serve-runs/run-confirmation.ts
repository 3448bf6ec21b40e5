import { Inject, Injectable, Logger } from '@nestjs/common';
import axios, { type AxiosInstance } from 'axios';
import { ServiceCredentials } from '@flowline/nest-auth';
import { type TriggersConfig } from '../triggers.config';
import { pollUntil } from './poll';
import { RunCreationEvents } from './run-creation-events';

/** How long (at most a quarter of the wait) to rely on run events alone before also asking the orchestrator. */
const EVENTS_HEAD_START_MS = 1_000;

export type RunCreation =
  /** The orchestrator has the run: a GET of it will find it. */
  | { state: 'confirmed'; status: string; result: string | null }
  /** Not confirmed within RUN_CREATION_WAIT_MS; the request is durable, the run will appear. */
  | { state: 'pending' }
  /** RUN_CREATION_WAIT_MS=0: not asked. */
  | { state: 'not-checked' };

/**
 * The run is created by the orchestrator from the Kafka message, after this service has answered unless
 * it waits: for at most RUN_CREATION_WAIT_MS it waits for the run's first event on the run-events topic,
 * and after a head start also asks the orchestrator (`GET /internal/v1/runs/{id}`, service credentials,
 * backing off), so a client's GET right after the POST does not 404.
 */
@Injectable()
export class RunConfirmation {
  private readonly logger = new Logger(RunConfirmation.name);
  private readonly http?: AxiosInstance;
  private readonly waitMs: number;
  private readonly callTimeoutMs: number;

  constructor(
    @Inject('SERVICE_CONFIG') config: TriggersConfig,
    private readonly credentials: ServiceCredentials,
    private readonly events: RunCreationEvents,
  ) {
    this.waitMs = config.RUN_CREATION_WAIT_MS;
    this.callTimeoutMs = config.SERVICE_CALL_TIMEOUT_MS;
    if (this.waitMs > 0 && config.ORCHESTRATOR_URL) {
      this.http = axios.create({ baseURL: config.ORCHESTRATOR_URL, validateStatus: () => true });
    }
  }

  async waitForRun(orgId: string, runId: string): Promise<RunCreation> {
    const http = this.http;
    if (!http) return { state: 'not-checked' };
    const stop = new AbortController();
    const fromEvents = this.events
      .waitFor(runId, this.waitMs)
      .then((seen) =>
        seen ? ({ state: 'confirmed', status: 'IN_PROGRESS', result: null } as const) : undefined,
      );
    const headStart = Math.min(EVENTS_HEAD_START_MS, this.waitMs / 4);
    const fromOrchestrator = delay(headStart, stop.signal).then((waited) =>
      waited
        ? pollUntil((remainingMs) => this.probe(http, orgId, runId, remainingMs), {
            timeoutMs: this.waitMs - headStart,
            initialIntervalMs: 250,
            maxIntervalMs: 1_000,
            signal: stop.signal,
          })
        : undefined,
    );
    const confirmed = await Promise.race([
      fromEvents.then((answer) => answer ?? fromOrchestrator),
      fromOrchestrator.then((answer) => answer ?? fromEvents),
    ]);
    stop.abort();
    if (confirmed) return confirmed;
    this.logger.warn(`run ${runId} of ${orgId} not confirmed by the orchestrator within ${this.waitMs} ms`);
    return { state: 'pending' };
  }

  private async probe(
    http: AxiosInstance,
    orgId: string,
    runId: string,
    remainingMs: number,
  ): Promise<RunCreation | undefined> {
    const { status, data } = await http.get<{ exists?: unknown; status?: unknown; result?: unknown }>(
      `/internal/v1/runs/${encodeURIComponent(runId)}`,
      {
        headers: this.credentials.authorizationHeader(orgId),
        timeout: Math.min(remainingMs, this.callTimeoutMs),
      },
    );
    // 404 (or `exists: false`) is "not yet"; anything else unexpected is retried until the wait is over.
    if (status !== 200 || data?.exists !== true) {
      if (status !== 200 && status !== 404)
        this.logger.debug(`orchestrator answered ${status} for run ${runId}`);
      return undefined;
    }
    return {
      state: 'confirmed',
      status: typeof data.status === 'string' ? data.status : 'IN_PROGRESS',
      result: typeof data.result === 'string' ? data.result : null,
    };
  }
}

/** Resolves true after `ms`, or false as soon as the signal aborts. */
function delay(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(true), ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}
