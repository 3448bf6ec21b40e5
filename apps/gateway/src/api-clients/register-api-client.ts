import { Injectable } from '@nestjs/common';
import { type Role } from '@flowline/nest-auth';
import { ApiClientsRepository } from './api-clients.repository';
import { hashClientSecret, newClientId, newClientSecret } from './client-secret';

export interface RegisteredApiClient {
  orgId: string;
  clientId: string;
  /** Returned this once; only its hash is kept. */
  clientSecret: string;
  roles: Role[];
}

/** Creates a machine client for an org (used by `tools/create-client`). */
@Injectable()
export class RegisterApiClient {
  constructor(private readonly clients: ApiClientsRepository) {}

  async execute(orgId: string, roles: Role[]): Promise<RegisteredApiClient> {
    const clientId = newClientId();
    const clientSecret = newClientSecret();
    await this.clients.create({ orgId, clientId, secretHash: await hashClientSecret(clientSecret), roles });
    return { orgId, clientId, clientSecret, roles };
  }
}
