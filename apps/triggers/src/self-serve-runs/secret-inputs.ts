import { Inject, Injectable, Logger } from '@nestjs/common';
import axios, { type AxiosInstance } from 'axios';
import { ServiceCredentials } from '@flowline/nest-auth';
import { ApiError } from '@flowline/nest-service';
import { type UserInputs } from '@flowline/workflow-schema';
import { type TriggersConfig } from '../triggers.config';

/** The inputs a form marks secret (`encryption: "aes256-gcm"`). */
export function secretInputNames(userInputs: UserInputs): string[] {
  return Object.entries(userInputs.properties ?? {})
    .filter(([, input]) => (input as { encryption?: string }).encryption === 'aes256-gcm')
    .map(([name]) => name);
}

/**
 * Seals a submission's secret inputs through the workflows service (which holds the key) before the
 * run request is written: from then on only an executor rendering a node can read them. A value that is
 * not a string is sealed as its JSON text.
 */
@Injectable()
export class SecretInputSealer {
  private readonly logger = new Logger(SecretInputSealer.name);
  private readonly http: AxiosInstance;

  constructor(
    @Inject('SERVICE_CONFIG') config: TriggersConfig,
    private readonly credentials: ServiceCredentials,
  ) {
    this.http = axios.create({
      baseURL: config.WORKFLOWS_URL,
      timeout: config.SERVICE_CALL_TIMEOUT_MS,
      validateStatus: () => true,
      proxy: false,
    });
  }

  async seal(
    orgId: string,
    userInputs: UserInputs,
    inputs: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const names = secretInputNames(userInputs).filter(
      (name) => inputs[name] !== undefined && inputs[name] !== null,
    );
    if (names.length === 0) return inputs;
    const values = names.map((name) =>
      typeof inputs[name] === 'string' ? inputs[name] : JSON.stringify(inputs[name]),
    );
    let sealed: unknown;
    try {
      const response = await this.http.post(
        '/internal/v1/sealed-inputs/seal',
        { values },
        { headers: this.credentials.authorizationHeader(orgId) },
      );
      if (response.status === 200) sealed = (response.data as { sealed?: unknown }).sealed;
      else this.logger.warn(`sealing secret inputs: the workflows service answered ${response.status}`);
    } catch (error) {
      this.logger.warn(`sealing secret inputs: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!Array.isArray(sealed) || sealed.length !== names.length)
      throw new ApiError(
        503,
        'service_unavailable',
        'secret inputs cannot be sealed right now (the workflows service is not available), try again',
      );
    const result = { ...inputs };
    names.forEach((name, i) => {
      result[name] = sealed[i];
    });
    return result;
  }
}
