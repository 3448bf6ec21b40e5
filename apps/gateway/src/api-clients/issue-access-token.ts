import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { signAccessToken } from '@flowline/nest-auth';
import { ApiError } from '@flowline/nest-service';
import { type GatewayConfig } from '../gateway.config';
import { ApiClientsRepository } from './api-clients.repository';
import { UNKNOWN_CLIENT_HASH, verifyClientSecret } from './client-secret';
import { type AccessTokenRequest } from './dto/access-token-request.dto';
import { type AccessTokenResponse } from './dto/access-token-response.dto';

/** Exchanges a client's id and secret for a machine access token (Port's client-credentials flow). */
@Injectable()
export class IssueAccessToken {
  constructor(
    private readonly clients: ApiClientsRepository,
    @Inject('SERVICE_CONFIG') private readonly config: GatewayConfig,
  ) {}

  async execute({ clientId, clientSecret }: AccessTokenRequest): Promise<AccessTokenResponse> {
    const client = await this.clients.findForSignIn(clientId);
    // Always run the hash check, so an unknown id is not told apart from a wrong secret by timing.
    const secretMatches = await verifyClientSecret(clientSecret, client?.secretHash ?? UNKNOWN_CLIENT_HASH);
    if (!client || !secretMatches) {
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'unauthorized', 'invalid client credentials');
    }
    const ttl = this.config.ACCESS_TOKEN_TTL_SECONDS;
    const accessToken = signAccessToken(
      { orgId: client.orgId, actorId: client.clientId, kind: 'machine', roles: client.roles },
      this.config.AUTH_JWT_SECRET,
      ttl,
    );
    return { ok: true, accessToken, expiresIn: ttl, tokenType: 'Bearer' };
  }
}
