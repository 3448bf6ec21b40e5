import { Inject, Injectable, Logger } from '@nestjs/common';
import { ServiceCredentials, ServiceHttp } from '@flowline/nest-auth';
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
 * credentials scoped to the org: a version of a workflow, for re-runs on the latest version and dry-runs.
 */
@Injectable()
export class WorkflowsClient {
  private readonly logger = new Logger(WorkflowsClient.name);
  private readonly http?: ServiceHttp;

  constructor(@Inject('SERVICE_CONFIG') config: OrchestratorConfig, credentials: ServiceCredentials) {
    if (config.WORKFLOWS_URL) this.http = new ServiceHttp(config.WORKFLOWS_URL, credentials, CALL_TIMEOUT_MS);
  }

  async latestDefinition(orgId: string, workflowIdentifier: string): Promise<LatestDefinition> {
    const found = await this.definitionAt(orgId, workflowIdentifier);
    if (!found) {
      throw ApiError.conflict(
        `workflow "${workflowIdentifier}" no longer exists: re-run it with version "same"`,
      );
    }
    return found;
  }

  /** A version of a workflow (the latest without `version`), or null when there is no such version. */
  async definitionAt(
    orgId: string,
    workflowIdentifier: string,
    version?: number,
  ): Promise<LatestDefinition | null> {
    if (!this.http) {
      throw ApiError.invalid('reading workflow definitions is not configured (WORKFLOWS_URL)', [
        {
          path: 'version',
          message: "the orchestrator has no WORKFLOWS_URL: only a run's own version is available",
        },
      ]);
    }
    const id = encodeURIComponent(workflowIdentifier);
    const path = `/v1/workflows/${id}${version === undefined ? '' : `/versions/${version}`}?canonical=true`;
    const { status, data } = await this.http.get(orgId, path).catch((error: Error) => {
      this.logger.warn(error.message);
      throw unavailable();
    });
    if (status === 404) return null;
    const workflow = (data as { workflow?: unknown } | null)?.workflow;
    if (status !== 200 || !workflow || typeof workflow !== 'object') {
      this.logger.warn(`GET ${path} answered ${status}`);
      throw unavailable();
    }
    const definition = { ...(workflow as Record<string, unknown>) };
    for (const field of READ_ONLY_FIELDS) delete definition[field];
    const found = definition['version'];
    if (typeof found !== 'number') throw unavailable();
    return { version: found, definition };
  }
}

function unavailable(): ApiError {
  return new ApiError(503, 'service_unavailable', 'the workflows service is not available, try again');
}
