import { decodeJwt } from 'jose';
import { type Principal, verifyAccessToken } from './access-token';
import { type AuthSettings } from './auth-settings';
import { UserTokenVerifier } from './oidc/user-token-verifier';

/**
 * Verifies any bearer token a caller may present: a user's token from the configured identity provider
 * (chosen by its `iss`, then verified with the provider's keys), or else Flowline's own HS256 token
 * (machine clients and services). Throws InvalidAccessTokenError (401) or
 * IdentityProviderUnavailableError (503).
 */
export class AccessTokenVerifier {
  private readonly users?: UserTokenVerifier;

  constructor(private readonly settings: Pick<AuthSettings, 'jwtSecret' | 'oidc'>) {
    if (settings.oidc) this.users = new UserTokenVerifier(settings.oidc);
  }

  async verify(token: string): Promise<Principal> {
    if (this.users && issuerOf(token) === this.users.settings.issuer) return this.users.verify(token);
    return verifyAccessToken(token, this.settings.jwtSecret);
  }
}

/** The unverified `iss`, only to pick the verifier; undefined when the token cannot be read. */
function issuerOf(token: string): string | undefined {
  try {
    return decodeJwt(token).iss;
  } catch {
    return undefined;
  }
}
