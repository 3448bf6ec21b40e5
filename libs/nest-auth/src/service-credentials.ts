import { Inject, Injectable } from '@nestjs/common';
import { signAccessToken } from './access-token';
import { AUTH_SETTINGS, type AuthSettings } from './auth-settings';

/**
 * Service-to-service calls use the calling service's own identity (kind `service`), scoped to the org the
 * call is about, never a user's forwarded token.
 */
@Injectable()
export class ServiceCredentials {
  constructor(@Inject(AUTH_SETTINGS) private readonly settings: AuthSettings) {}

  tokenFor(orgId: string): string {
    return signAccessToken(
      { orgId, actorId: this.settings.serviceName, kind: 'service', roles: ['admin'] },
      this.settings.jwtSecret,
      this.settings.serviceTokenTtlSeconds ?? 300,
    );
  }

  authorizationHeader(orgId: string): { authorization: string } {
    return { authorization: `Bearer ${this.tokenFor(orgId)}` };
  }
}
