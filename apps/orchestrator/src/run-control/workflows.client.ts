import { Inject, Injectable, Logger } from '@nestjs/common';
import axios, { type AxiosInstance } from 'axios';
import { ServiceCredentials } from '@flowline/nest-auth';
import { ApiError } from '@flowline/nest-service';
import type { OrchestratorConfig } from '../orchestrator.config';

const CALL_TIMEOUT_MS = 10_000;

/** What the workflows service adds to a definition on read: not part of the definition itself. */
const READ_ONLY_FIELDS = ['isDeleted', 'deletedAt', 'deletedBy'];

export interface LatestDefinition {
  version: number;
  /** The canonical definition (with the server fields the run-requested message also carries). */
  definition: Record<string, unknown>;
}

/**
 * The workflows service (the orchestrator does not own definitions), called with this service's own
 * credentials scoped to the org: the latest version of a workflow, for re-runs on the latest version.
 */
@Injectable()
export class WorkflowsClient {
  private readonly logger = new Logger(WorkflowsClient.name);
  private readonly http?: AxiosInstance;

  constructor(
    @Inject('SERVICE_CONFIG') config: OrchestratorConfig,
    private readonly credentials: ServiceCredentials,
  ) {
    if (config.WORKFLOWS_URL) {
      this.http = axios.create({
        baseURL: config.WORKFLOWS_URL,
        timeout: CALL_TIMEOUT_MS,
        validateStatus: () => true,
      });
    }
  }

  async latestDefinition(orgId: string, workflowIdentifier: string): Promise<LatestDefinition> {
    if (!this.http) {
      throw ApiError.invalid('re-running on the latest version is not configured (WORKFLOWS_URL)', [
        { path: 'version', message: 'only "same" is available: the orchestrator has no WORKFLOWS_URL' },
      ]);
    }
    const path = `/v1/workflows/${encodeURIComponent(workflowIdentifier)}?canonical=true`;
    let status: number;
    let data: unknown;
    try {
      ({ status, data } = await this.http.get(path, {
        headers: this.credentials.authorizationHeader(orgId),
      }));
    } catch (error) {
      this.logger.warn(`GET ${path} failed: ${error instanceof Error ? error.message : String(error)}`);
      throw unavailable();
    }
    if (status === 404) {
      throw ApiError.conflict(
        `workflow "${workflowIdentifier}" no longer exists: re-run it with version "same"`,
      );
    }
    const workflow = (data as { workflow?: unknown } | null)?.workflow;
    if (status !== 200 || !workflow || typeof workflow !== 'object') {
      this.logger.warn(`GET ${path} answered ${status}`);
      throw unavailable();
    }
    const definition = { ...(workflow as Record<string, unknown>) };
    for (const field of READ_ONLY_FIELDS) delete definition[field];
    const version = definition['version'];
    if (typeof version !== 'number') throw unavailable();
    return { version, definition };
  }
}

function unavailable(): ApiError {
  return new ApiError(503, 'service_unavailable', 'the workflows service is not available, try again');
}
