import { Inject, Injectable, Logger } from '@nestjs/common';
import axios, { type AxiosInstance } from 'axios';
import { ServiceCredentials } from '@flowline/nest-auth';
import { ApiError } from '@flowline/nest-service';
import { type TriggersConfig } from '../triggers.config';

/**
 * The workflows service, called with this service's own credentials scoped to the org: the latest
 * definition of a workflow this replica has not indexed yet, and the permissions stored per node.
 */
@Injectable()
export class WorkflowsClient {
  private readonly logger = new Logger(WorkflowsClient.name);
  private readonly http: AxiosInstance;

  constructor(
    @Inject('SERVICE_CONFIG') config: TriggersConfig,
    private readonly credentials: ServiceCredentials,
  ) {
    this.http = axios.create({
      baseURL: config.WORKFLOWS_URL,
      timeout: config.SERVICE_CALL_TIMEOUT_MS,
      validateStatus: () => true,
    });
  }

  /** The latest version in canonical form with its server fields; undefined when unknown or deleted. */
  async latestDefinition(
    orgId: string,
    workflowIdentifier: string,
  ): Promise<Record<string, unknown> | undefined> {
    const body = await this.get(
      orgId,
      `/v1/workflows/${encodeURIComponent(workflowIdentifier)}?canonical=true`,
    );
    return body ? (body['workflow'] as Record<string, unknown>) : undefined;
  }

  /** What is stored for the node (`{}` when nothing is); undefined when the workflow or node is gone. */
  async nodePermissions(
    orgId: string,
    workflowIdentifier: string,
    nodeIdentifier: string,
  ): Promise<Record<string, unknown> | undefined> {
    const path = `/v1/workflows/${encodeURIComponent(workflowIdentifier)}/nodes/${encodeURIComponent(nodeIdentifier)}/permissions`;
    const body = await this.get(orgId, path);
    return body ? (body['permissions'] as Record<string, unknown>) : undefined;
  }

  private async get(orgId: string, path: string): Promise<Record<string, unknown> | undefined> {
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
    if (status === 404) return undefined;
    if (status === 200 && data !== null && typeof data === 'object') return data as Record<string, unknown>;
    this.logger.warn(`GET ${path} answered ${status}`);
    throw unavailable();
  }
}

function unavailable(): ApiError {
  return new ApiError(503, 'service_unavailable', 'the workflows service is not available, try again');
}
