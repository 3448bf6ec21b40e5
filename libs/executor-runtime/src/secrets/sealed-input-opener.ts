import { Inject, Injectable } from '@nestjs/common';
import axios, { type AxiosInstance } from 'axios';
import { findSealedInputs, replaceSealedInputs } from '@flowline/contracts';
import { ServiceCredentials } from '@flowline/nest-auth';
import { RUNTIME_SETTINGS, type RuntimeSettings } from '../runtime-settings';
import { SecretResolutionError } from './secret-resolver';

const NAME = 'secret user input';

/**
 * Opens the secret user inputs (sealed by the triggers service) that a dispatch's context holds, through
 * the workflows service (`POST {WORKFLOWS_URL}/internal/v1/sealed-inputs/open`), so templates render with
 * the plaintext. The plaintexts are returned too: the executor masks them in whatever it reports.
 */
@Injectable()
export class SealedInputOpener {
  private readonly http: AxiosInstance;

  constructor(
    @Inject(RUNTIME_SETTINGS) settings: RuntimeSettings,
    private readonly credentials: ServiceCredentials,
  ) {
    this.http = axios.create({
      baseURL: settings.workflowsUrl.replace(/\/+$/, ''),
      timeout: settings.secretRequestTimeoutMs,
      validateStatus: () => true,
      proxy: false,
    });
  }

  /** The context with its sealed inputs opened, and their plaintexts. Rejects with SecretResolutionError. */
  async open<T extends object>(orgId: string, context: T): Promise<{ context: T; plaintexts: string[] }> {
    const sealed = findSealedInputs(context);
    if (sealed.length === 0) return { context, plaintexts: [] };
    const plaintexts = await this.fetch(orgId, sealed);
    const bySealed = new Map(sealed.map((value, i) => [value, plaintexts[i]]));
    return { context: replaceSealedInputs(context, (value) => bySealed.get(value)), plaintexts };
  }

  private async fetch(orgId: string, sealed: string[]): Promise<string[]> {
    let response;
    try {
      response = await this.http.post<unknown>(
        '/internal/v1/sealed-inputs/open',
        { sealed },
        { headers: this.credentials.authorizationHeader(orgId) },
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const message = `secret user inputs could not be opened: the workflows service did not answer (${reason})`;
      throw new SecretResolutionError('SECRETS_UNAVAILABLE', NAME, message, true);
    }
    const { status, data } = response;
    const values = (data as { values?: unknown } | null)?.values;
    if (status === 200 && Array.isArray(values) && values.length === sealed.length) return values.map(String);
    if (status === 422)
      throw new SecretResolutionError(
        'SECRET_INPUT_UNREADABLE',
        NAME,
        'a secret user input in the run context was not sealed for this organization',
        false,
      );
    if (status === 401 || status === 403)
      throw new SecretResolutionError(
        'SECRETS_FORBIDDEN',
        NAME,
        `secret user inputs could not be opened: the workflows service refused this executor (HTTP ${status})`,
        false,
      );
    const message = `secret user inputs could not be opened: the workflows service answered HTTP ${status}`;
    throw new SecretResolutionError('SECRETS_UNAVAILABLE', NAME, message, true);
  }
}
