import { Injectable } from '@nestjs/common';
import axios, { type AxiosInstance } from 'axios';
import { ServiceCredentials } from '@flowline/nest-auth';
import { ExecutorUpsertEntityConfig } from '../executor-upsert-entity.config';

/** Header the catalog copies onto the entity-change event (see apps/catalog chain-depth.decorator). */
export const CHAIN_DEPTH_HEADER = 'X-Flowline-Chain-Depth';
/** A catalog answer larger than this is not read (an entity is far smaller). */
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

export interface CatalogEntityWrite {
  orgId: string;
  blueprint: string;
  body: object;
  chainDepth: number;
  /** Sent along so the catalog's logs tie the write to the node run. */
  idempotencyKey: string;
  runId: string;
  nodeRunId: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface CatalogResponse {
  status: number;
  /** The parsed JSON body (the catalog always answers JSON), or the text when it is not JSON. */
  body: unknown;
  durationMs: number;
}

export type CatalogCallFailureKind = 'timeout' | 'network' | 'aborted';

/** The catalog gave no answer: not reachable, too slow, or the attempt's deadline passed. */
export class CatalogCallError extends Error {
  constructor(
    readonly kind: CatalogCallFailureKind,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The catalog's entity API, called with this executor's own service identity for the run's org
 * (never a user's token), so the entity's `updatedBy` and the change event name `executor-upsert-entity`.
 */
@Injectable()
export class CatalogClient {
  private readonly http: AxiosInstance;

  constructor(
    config: ExecutorUpsertEntityConfig,
    private readonly credentials: ServiceCredentials,
  ) {
    this.http = axios.create({
      baseURL: config.CATALOG_URL.replace(/\/+$/, ''),
      validateStatus: () => true,
      // Never through an HTTP proxy from the environment: the service token stays on this hop.
      proxy: false,
      maxRedirects: 0,
      maxContentLength: MAX_RESPONSE_BYTES,
    });
  }

  /** `POST /v1/blueprints/{bp}/entities?upsert=true`: creates the entity or merges the given fields. */
  async upsertEntity(write: CatalogEntityWrite): Promise<CatalogResponse> {
    const startedAt = Date.now();
    try {
      const response = await this.http.post<unknown>(
        `/v1/blueprints/${encodeURIComponent(write.blueprint)}/entities`,
        write.body,
        {
          params: { upsert: true },
          headers: {
            ...this.credentials.authorizationHeader(write.orgId),
            [CHAIN_DEPTH_HEADER]: String(write.chainDepth),
            'Idempotency-Key': write.idempotencyKey,
            'X-Flowline-Run-Id': write.runId,
            'X-Flowline-Node-Run-Id': write.nodeRunId,
          },
          timeout: write.timeoutMs,
          signal: write.signal,
        },
      );
      return { status: response.status, body: response.data, durationMs: Date.now() - startedAt };
    } catch (error) {
      throw callError(error, write.timeoutMs);
    }
  }
}

function callError(error: unknown, timeoutMs: number): CatalogCallError {
  const message = error instanceof Error ? error.message : String(error);
  if (axios.isCancel(error) || (axios.isAxiosError(error) && error.code === 'ERR_CANCELED'))
    return new CatalogCallError('aborted', `the attempt's deadline passed during the call (${message})`);
  if (axios.isAxiosError(error) && (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT'))
    return new CatalogCallError('timeout', `no answer within ${timeoutMs} ms`);
  const code = axios.isAxiosError(error) ? error.code : undefined;
  return new CatalogCallError('network', code && !message.includes(code) ? `${code}: ${message}` : message);
}
