import { decodeJwt, type JWTPayload } from 'jose';
import { type Principal, verifyAccessToken } from './access-token';
import { type AuthSettings } from './auth-settings';
import { UserTokenVerifier } from './oidc/user-token-verifier';

/** Tokens remembered as verified, at most; the oldest is forgotten first. */
const REMEMBERED_TOKENS = 10_000;
/**
 * How long a verified token is believed without checking it again (never past its own expiry): a client
 * sends the same token with every request, and the gateway and the service behind it each checked it.
 * Bounded, so a signing key an identity provider withdraws stops being honoured within a minute.
 */
export const REMEMBER_VERIFIED_TOKEN_MS = 60_000;

interface VerifiedToken {
  principal: Principal;
  /** Epoch ms until which the token is taken as verified. */
  until: number;
}

/**
 * Verifies any bearer token a caller may present: a user's token from the configured identity provider
 * (chosen by its `iss`, then verified with the provider's keys), or else Flowline's own HS256 token
 * (machine clients and services). Throws InvalidAccessTokenError (401) or
 * IdentityProviderUnavailableError (503). A token that verified is remembered (the exact text, signature
 * included) for a minute at most and never past its `exp`; one that failed is checked again every time.
 */
export class AccessTokenVerifier {
  private readonly users?: UserTokenVerifier;
  /** Insertion-ordered, so the first key is the oldest. */
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(
    private readonly settings: Pick<AuthSettings, 'jwtSecret' | 'oidc'>,
    private readonly clock: () => number = () => Date.now(),
  ) {
    if (settings.oidc) this.users = new UserTokenVerifier(settings.oidc);
  }

  async verify(token: string): Promise<Principal> {
    const now = this.clock();
    const known = this.verified.get(token);
    if (known && known.until > now) return known.principal;
    if (known) this.verified.delete(token);
    // Read once, unverified: `iss` picks the verifier, `exp` bounds how long the verified token is believed.
    const claims = unverifiedClaims(token);
    const principal =
      this.users && claims?.iss === this.users.settings.issuer
        ? await this.users.verify(token)
        : verifyAccessToken(token, this.settings.jwtSecret, now);
    if (typeof claims?.exp === 'number') this.remember(token, principal, now, claims.exp * 1000);
    return principal;
  }

  private remember(token: string, principal: Principal, now: number, expiresAt: number): void {
    if (this.verified.size >= REMEMBERED_TOKENS)
      this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, {
      principal: frozen(principal),
      until: Math.min(expiresAt, now + REMEMBER_VERIFIED_TOKEN_MS),
    });
  }
}

/** The token's claims as written, before any check; undefined when the token cannot be read. */
function unverifiedClaims(token: string): JWTPayload | undefined {
  try {
    return decodeJwt(token);
  } catch {
    return undefined;
  }
}

/** One principal is handed to every request that presents the token, so none may change it. */
function frozen(principal: Principal): Principal {
  if (principal.roles) Object.freeze(principal.roles);
  if (principal.teams) Object.freeze(principal.teams);
  return Object.freeze(principal);
}
