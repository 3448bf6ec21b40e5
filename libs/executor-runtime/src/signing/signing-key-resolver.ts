import { Inject, Injectable } from '@nestjs/common';
import axios, { type AxiosInstance } from 'axios';
import { ServiceCredentials } from '@flowline/nest-auth';
import { RUNTIME_SETTINGS, type RuntimeSettings } from '../runtime-settings';

/** The org's signing keys could not be had; the attempt fails and may be retried. */
export class SigningKeyUnavailableError extends Error {
  readonly code = 'SIGNING_KEY_UNAVAILABLE';
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

interface CachedKeys {
  keys: string[];
  expiresAt: number;
}

/**
 * The keys that sign an org's webhook calls (`x-port-signature`), current first, from the workflows
 * service's internal endpoint (`GET {WORKFLOWS_URL}/internal/v1/webhook-signing-keys` →
 * `{ok, keys: [{version, secret, validUntil}]}`) with this executor's service token for the org, the way
 * SecretResolver resolves `{{ .secrets.X }}`. Kept in memory for the secrets' few seconds at most, so a
 * rotation reaches calls within that time; never logged.
 */
@Injectable()
export class SigningKeyResolver {
  private readonly http: AxiosInstance;
  private readonly cache = new Map<string, CachedKeys>();
  private readonly pending = new Map<string, Promise<string[]>>();

  constructor(
    @Inject(RUNTIME_SETTINGS) private readonly settings: RuntimeSettings,
    private readonly credentials: ServiceCredentials,
  ) {
    this.http = axios.create({
      baseURL: settings.workflowsUrl.replace(/\/+$/, ''),
      timeout: settings.secretRequestTimeoutMs,
      validateStatus: () => true,
      proxy: false,
    });
  }

  async keysOf(orgId: string): Promise<string[]> {
    const cached = this.cache.get(orgId);
    if (cached && cached.expiresAt > Date.now()) return cached.keys;
    this.cache.delete(orgId);
    // Calls of one org at once share one request.
    let pending = this.pending.get(orgId);
    if (!pending) {
      pending = this.fetch(orgId)
        .then((keys) => {
          if (this.settings.secretCacheTtlMs > 0)
            this.cache.set(orgId, { keys, expiresAt: Date.now() + this.settings.secretCacheTtlMs });
          return keys;
        })
        .finally(() => this.pending.delete(orgId));
      this.pending.set(orgId, pending);
    }
    return pending;
  }

  private async fetch(orgId: string): Promise<string[]> {
    let response;
    try {
      response = await this.http.get<unknown>('/internal/v1/webhook-signing-keys', {
        headers: this.credentials.authorizationHeader(orgId),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new SigningKeyUnavailableError(
        `the org's webhook signing key could not be had: the workflows service did not answer (${reason})`,
        true,
      );
    }
    const keys = readKeys(response.data);
    if (response.status === 200 && keys) return keys;
    throw new SigningKeyUnavailableError(
      `the org's webhook signing key could not be had: the workflows service answered HTTP ${response.status}`,
      response.status !== 401 && response.status !== 403,
    );
  }
}

function readKeys(data: unknown): string[] | undefined {
  const keys = (data as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) return undefined;
  const secrets = keys.map((key) => (key as { secret?: unknown } | null)?.secret);
  return secrets.every((secret): secret is string => typeof secret === 'string' && secret.length > 0)
    ? secrets
    : undefined;
}
