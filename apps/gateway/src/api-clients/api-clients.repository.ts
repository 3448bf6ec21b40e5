import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type Repository } from 'typeorm';
import { type Role } from '@flowline/nest-auth';
import { ApiClient } from './api-client.entity';

@Injectable()
export class ApiClientsRepository {
  constructor(@InjectRepository(ApiClient) private readonly clients: Repository<ApiClient>) {}

  /**
   * The one lookup without an org: a token request names only the client id, and the org is what the
   * client turns out to belong to (client ids are unique across orgs).
   */
  async findForSignIn(clientId: string): Promise<ApiClient | undefined> {
    return (await this.clients.findOneBy({ clientId })) ?? undefined;
  }

  async create(client: {
    orgId: string;
    clientId: string;
    secretHash: string;
    roles: Role[];
  }): Promise<ApiClient> {
    return this.clients.save(this.clients.create(client));
  }
}
