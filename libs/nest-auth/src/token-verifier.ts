import { decodeJwt } from 'jose';
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
    const principal = await this.verifyAfresh(token);
    this.remember(token, principal, now);
    return principal;
  }

  private verifyAfresh(token: string): Promise<Principal> | Principal {
    if (this.users && issuerOf(token) === this.users.settings.issuer) return this.users.verify(token);
    return verifyAccessToken(token, this.settings.jwtSecret, this.clock());
  }

  private remember(token: string, principal: Principal, now: number): void {
    const expiresAt = expiryOf(token);
    if (expiresAt === undefined) return;
    if (this.verified.size >= REMEMBERED_TOKENS)
      this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, {
      principal: frozen(principal),
      until: Math.min(expiresAt, now + REMEMBER_VERIFIED_TOKEN_MS),
    });
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

/** A verified token's `exp` in epoch ms; undefined without one (such a token is not remembered). */
function expiryOf(token: string): number | undefined {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' ? exp * 1000 : undefined;
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
