import { Inject, Injectable, Logger } from '@nestjs/common';
import { type EntitySearch } from '@flowline/execution-permissions';
import { ServiceCredentials, ServiceHttp } from '@flowline/nest-auth';
import { ApiError } from '@flowline/nest-service';
import { type TriggersConfig } from '../../triggers.config';

/** The catalog's entity search, called with this service's own credentials scoped to the org. */
@Injectable()
export class CatalogSearchClient {
  private readonly logger = new Logger(CatalogSearchClient.name);
  private readonly http?: ServiceHttp;

  constructor(@Inject('SERVICE_CONFIG') config: TriggersConfig, credentials: ServiceCredentials) {
    if (config.CATALOG_URL)
      this.http = new ServiceHttp(config.CATALOG_URL, credentials, config.SERVICE_CALL_TIMEOUT_MS);
  }

  get configured(): boolean {
    return this.http !== undefined;
  }

  /** The blueprint's entities matching the search; none when the blueprint does not exist. */
  async search(orgId: string, blueprint: string, search: EntitySearch): Promise<unknown[]> {
    if (!this.http) throw unavailable('CATALOG_URL is not configured');
    const path = `/v1/blueprints/${encodeURIComponent(blueprint)}/entities/search`;
    const { status, data } = await this.http.post(orgId, path, search).catch((error: Error) => {
      throw unavailable(error.message);
    });
    if (status === 404) return [];
    const entities = (data as { entities?: unknown } | null)?.entities;
    if (status === 200 && Array.isArray(entities)) return entities;
    this.logger.warn(`POST ${path} answered ${status}: ${JSON.stringify(data).slice(0, 300)}`);
    if (status === 422) return []; // a query the catalog cannot run matches nothing
    throw unavailable(`the catalog answered ${status}`);
  }
}

function unavailable(why: string): ApiError {
  return new ApiError(
    503,
    'service_unavailable',
    `the catalog is not available to evaluate a policy: ${why}`,
  );
}
