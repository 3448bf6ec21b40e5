import { Inject, Injectable, Logger } from '@nestjs/common';
import { ServiceCredentials, ServiceHttp } from '@flowline/nest-auth';
import { ApiError } from '@flowline/nest-service';
import { type TriggersConfig } from '../triggers.config';

/** Port's action JSON as the workflows service stores it (the fields running one needs). */
export interface StoredAction {
  identifier: string;
  title?: string;
  trigger: { type: string; operation?: string; blueprintIdentifier?: string };
  [field: string]: unknown;
}

/**
 * Actions (workflows service) and action-run views (orchestrator), read with this service's own
 * credentials scoped to the org.
 */
@Injectable()
export class ActionsClient {
  private readonly logger = new Logger(ActionsClient.name);
  private readonly workflows: ServiceHttp;
  private readonly orchestrator?: ServiceHttp;

  constructor(@Inject('SERVICE_CONFIG') config: TriggersConfig, credentials: ServiceCredentials) {
    const timeoutMs = config.SERVICE_CALL_TIMEOUT_MS;
    this.workflows = new ServiceHttp(config.WORKFLOWS_URL, credentials, timeoutMs);
    if (config.ORCHESTRATOR_URL)
      this.orchestrator = new ServiceHttp(config.ORCHESTRATOR_URL, credentials, timeoutMs);
  }

  /** The action; undefined when the org has none of that identifier. */
  async action(orgId: string, identifier: string): Promise<StoredAction | undefined> {
    const path = `/v1/actions/${encodeURIComponent(identifier)}`;
    const { status, data } = await this.workflows.get(orgId, path).catch((error: Error) => {
      throw unavailable(error.message);
    });
    if (status === 404) return undefined;
    if (status === 200) return (data as { action: StoredAction }).action;
    this.logger.warn(`GET ${path} answered ${status}`);
    throw unavailable(`the workflows service answered ${status}`);
  }

  /** The action run as the orchestrator shows it, or undefined when it cannot be read. */
  async run(orgId: string, actionRunId: string): Promise<Record<string, unknown> | undefined> {
    if (!this.orchestrator) return undefined;
    const path = `/v1/actions/runs/${encodeURIComponent(actionRunId)}`;
    const { status, data } = await this.orchestrator
      .get(orgId, path)
      .catch(() => ({ status: 503, data: undefined }));
    return status === 200 ? (data as { run: Record<string, unknown> }).run : undefined;
  }
}

function unavailable(why: string): ApiError {
  return new ApiError(503, 'service_unavailable', `actions are not available: ${why}`);
}
