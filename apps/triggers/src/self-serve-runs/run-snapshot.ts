import { Inject, Injectable, Logger } from '@nestjs/common';
import { ServiceCredentials, ServiceHttp } from '@flowline/nest-auth';
import { type TriggersConfig } from '../triggers.config';

/** The fields of the orchestrator's run view the 201 answer carries (reference §9.1). */
export interface RunSnapshot {
  status?: string;
  result?: string | null;
  nodeRuns: unknown[];
  variables: { outputs: Record<string, unknown> | null };
  createdAt: string;
  updatedAt: string;
  completedAt?: string | null;
  [field: string]: unknown;
}

export function isRunSnapshot(value: unknown): value is RunSnapshot {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { nodeRuns?: unknown }).nodeRuns) &&
    typeof (value as { variables?: unknown }).variables === 'object'
  );
}

/**
 * The run as the orchestrator shows it, read once after the run is confirmed (`GET
 * /internal/v1/runs/{id}/view`, service credentials), so the 201 of `POST /v1/workflows/{id}/runs` has
 * the run's `nodeRuns`, `variables` and times like Port's. Undefined when it cannot be read in time: the
 * answer then carries what this service knows.
 */
@Injectable()
export class RunSnapshots {
  private readonly logger = new Logger(RunSnapshots.name);
  private readonly http?: ServiceHttp;

  constructor(@Inject('SERVICE_CONFIG') config: TriggersConfig, credentials: ServiceCredentials) {
    if (config.ORCHESTRATOR_URL)
      this.http = new ServiceHttp(config.ORCHESTRATOR_URL, credentials, config.SERVICE_CALL_TIMEOUT_MS);
  }

  async of(orgId: string, runId: string): Promise<RunSnapshot | undefined> {
    if (!this.http) return undefined;
    try {
      const { status, data } = await this.http.get<{ workflowRun?: RunSnapshot } | null>(
        orgId,
        `/internal/v1/runs/${encodeURIComponent(runId)}/view`,
      );
      if (status === 200 && isRunSnapshot(data?.workflowRun)) return data.workflowRun;
      this.logger.debug(`orchestrator answered ${status} for the view of run ${runId}`);
    } catch (error) {
      this.logger.debug(`no view of run ${runId}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return undefined;
  }
}
