import { Inject, Injectable, Logger } from '@nestjs/common';
import axios, { type AxiosInstance } from 'axios';
import { type EntitySearch } from '@flowline/execution-permissions';
import { ServiceCredentials } from '@flowline/nest-auth';
import { ApiError } from '@flowline/nest-service';
import { type TriggersConfig } from '../../triggers.config';

/** The catalog's entity search, called with this service's own credentials scoped to the org. */
@Injectable()
export class CatalogSearchClient {
  private readonly logger = new Logger(CatalogSearchClient.name);
  private readonly http?: AxiosInstance;

  constructor(
    @Inject('SERVICE_CONFIG') config: TriggersConfig,
    private readonly credentials: ServiceCredentials,
  ) {
    if (config.CATALOG_URL) {
      this.http = axios.create({
        baseURL: config.CATALOG_URL,
        timeout: config.SERVICE_CALL_TIMEOUT_MS,
        validateStatus: () => true,
      });
    }
  }

  get configured(): boolean {
    return this.http !== undefined;
  }

  /** The blueprint's entities matching the search; none when the blueprint does not exist. */
  async search(orgId: string, blueprint: string, search: EntitySearch): Promise<unknown[]> {
    if (!this.http) throw unavailable('CATALOG_URL is not configured');
    const path = `/v1/blueprints/${encodeURIComponent(blueprint)}/entities/search`;
    let status: number;
    let data: unknown;
    try {
      ({ status, data } = await this.http.post(path, search, {
        headers: this.credentials.authorizationHeader(orgId),
      }));
    } catch (error) {
      throw unavailable(error instanceof Error ? error.message : String(error));
    }
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
