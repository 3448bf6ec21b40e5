import { Inject, Injectable } from '@nestjs/common';
import axios, { type AxiosInstance } from 'axios';
import { ServiceCredentials } from '@flowline/nest-auth';
import { RUNTIME_SETTINGS, type RuntimeSettings } from '../runtime-settings';

export type SecretResolutionCode =
  'SECRET_NOT_FOUND' | 'SECRETS_FORBIDDEN' | 'SECRETS_UNAVAILABLE' | 'SECRET_INPUT_UNREADABLE';

/** A secret could not be resolved; the message names the secret, never a value. */
export class SecretResolutionError extends Error {
  constructor(
    readonly code: SecretResolutionCode,
    readonly secretName: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

interface CachedSecret {
  value: string;
  expiresAt: number;
}

/**
 * Resolves org secrets through the workflows service's internal endpoint
 * (`GET {WORKFLOWS_URL}/internal/v1/secrets/{name}` → `{ok: true, value}`) with this executor's own
 * service token for the org. Values are kept in memory for a few seconds at most (secrets rotate) and
 * are never logged: errors name the secret only.
 */
@Injectable()
export class SecretResolver {
  private readonly http: AxiosInstance;
  private readonly cache = new Map<string, CachedSecret>();
  private readonly pending = new Map<string, Promise<string>>();

  constructor(
    @Inject(RUNTIME_SETTINGS) private readonly settings: RuntimeSettings,
    private readonly credentials: ServiceCredentials,
  ) {
    this.http = axios.create({
      baseURL: settings.workflowsUrl.replace(/\/+$/, ''),
      timeout: settings.secretRequestTimeoutMs,
      validateStatus: () => true,
      // Never through an HTTP proxy from the environment: the token and the value stay on this hop.
      proxy: false,
    });
  }

  /** The values of `names` in `orgId`, by name. Rejects with SecretResolutionError. */
  async resolve(orgId: string, names: readonly string[]): Promise<Record<string, string>> {
    const values = await Promise.all(names.map((name) => this.resolveOne(orgId, name)));
    const secrets: Record<string, string> = {};
    names.forEach((name, i) => {
      secrets[name] = values[i];
    });
    return secrets;
  }

  private resolveOne(orgId: string, name: string): Promise<string> {
    const key = `${orgId}\u0000${name}`;
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > Date.now()) return Promise.resolve(cached.value);
    this.cache.delete(key);
    let pending = this.pending.get(key);
    if (!pending) {
      pending = this.fetch(orgId, name)
        .then((value) => {
          if (this.settings.secretCacheTtlMs > 0)
            this.cache.set(key, { value, expiresAt: Date.now() + this.settings.secretCacheTtlMs });
          return value;
        })
        .finally(() => this.pending.delete(key));
      this.pending.set(key, pending);
    }
    return pending;
  }

  private async fetch(orgId: string, name: string): Promise<string> {
    let response;
    try {
      response = await this.http.get<unknown>(`/internal/v1/secrets/${encodeURIComponent(name)}`, {
        headers: this.credentials.authorizationHeader(orgId),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new SecretResolutionError(
        'SECRETS_UNAVAILABLE',
        name,
        `secret "${name}" could not be resolved: the workflows service did not answer (${reason})`,
        true,
      );
    }
    const { status, data } = response;
    if (status === 200 && isSecretValue(data)) return data.value;
    if (status === 404)
      throw new SecretResolutionError(
        'SECRET_NOT_FOUND',
        name,
        `secret "${name}" is not defined in this organization`,
        false,
      );
    if (status === 401 || status === 403)
      throw new SecretResolutionError(
        'SECRETS_FORBIDDEN',
        name,
        `secret "${name}" could not be resolved: the workflows service refused this executor (HTTP ${status})`,
        false,
      );
    throw new SecretResolutionError(
      'SECRETS_UNAVAILABLE',
      name,
      `secret "${name}" could not be resolved: the workflows service answered HTTP ${status}`,
      true,
    );
  }
}

function isSecretValue(data: unknown): data is { ok: true; value: string } {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { ok?: unknown }).ok === true &&
    typeof (data as { value?: unknown }).value === 'string'
  );
}
