import { Inject, Injectable, Logger } from '@nestjs/common';
import { ServiceCredentials, ServiceHttp } from '@flowline/nest-auth';
import { ApiError } from '@flowline/nest-service';
import { type TriggersConfig } from '../triggers.config';

/**
 * The workflows service, called with this service's own credentials scoped to the org: the latest
 * definition of a workflow this replica has not indexed yet, the permissions stored per node, and the
 * sealing of secret user inputs (the service holds the key).
 */
@Injectable()
export class WorkflowsClient {
  private readonly logger = new Logger(WorkflowsClient.name);
  private readonly http: ServiceHttp;

  constructor(@Inject('SERVICE_CONFIG') config: TriggersConfig, credentials: ServiceCredentials) {
    this.http = new ServiceHttp(config.WORKFLOWS_URL, credentials, config.SERVICE_CALL_TIMEOUT_MS);
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

  /** The values sealed for the org, in order (`flowline:sealed:v1:…`); a 503 ApiError when it cannot. */
  async seal(orgId: string, values: string[]): Promise<string[]> {
    let sealed: unknown;
    try {
      const response = await this.http.post(orgId, '/internal/v1/sealed-inputs/seal', { values });
      if (response.status === 200) sealed = (response.data as { sealed?: unknown } | null)?.sealed;
      else this.logger.warn(`sealing secret inputs: the workflows service answered ${response.status}`);
    } catch (error) {
      this.logger.warn(`sealing secret inputs: ${(error as Error).message}`);
    }
    if (Array.isArray(sealed) && sealed.length === values.length) return sealed.map(String);
    throw new ApiError(
      503,
      'service_unavailable',
      'secret inputs cannot be sealed right now (the workflows service is not available), try again',
    );
  }

  private async get(orgId: string, path: string): Promise<Record<string, unknown> | undefined> {
    const { status, data } = await this.http.get(orgId, path).catch((error: Error) => {
      this.logger.warn(error.message);
      throw unavailable();
    });
    if (status === 404) return undefined;
    if (status === 200 && data !== null && typeof data === 'object') return data as Record<string, unknown>;
    this.logger.warn(`GET ${path} answered ${status}`);
    throw unavailable();
  }
}

function unavailable(): ApiError {
  return new ApiError(503, 'service_unavailable', 'the workflows service is not available, try again');
}
