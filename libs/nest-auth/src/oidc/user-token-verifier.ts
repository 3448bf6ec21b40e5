import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { InvalidAccessTokenError, type Principal, type TokenProblem } from '../access-token';
import { type OidcSettings } from './oidc-settings';
import { userPrincipalOf } from './user-principal';

/** The identity provider's keys could not be fetched: the caller should retry (503), not re-authenticate. */
export class IdentityProviderUnavailableError extends Error {
  readonly code = 'IDENTITY_PROVIDER_UNAVAILABLE';
  constructor(detail: string) {
    super(`the identity provider's signing keys are not available: ${detail}`);
  }
}

// jose's error codes, and what each says about the token.
const PROBLEMS: Record<string, TokenProblem> = {
  [errors.JWTExpired.code]: 'EXPIRED',
  [errors.JWSSignatureVerificationFailed.code]: 'BAD_SIGNATURE',
  [errors.JWKSNoMatchingKey.code]: 'BAD_SIGNATURE',
  [errors.JWKSMultipleMatchingKeys.code]: 'BAD_SIGNATURE',
  [errors.JOSEAlgNotAllowed.code]: 'BAD_SIGNATURE',
  [errors.JOSENotSupported.code]: 'MALFORMED',
  [errors.JWSInvalid.code]: 'MALFORMED',
  [errors.JWTInvalid.code]: 'MALFORMED',
};

/**
 * Verifies a user's token from the configured OpenID Connect issuer: signature by the issuer's JWKS
 * (jose's remote key set caches the keys and refetches them when a token names an unknown `kid`, i.e.
 * after a rotation, and when they are older than the cache age), issuer, audience, expiry.
 */
export class UserTokenVerifier {
  private keys?: Promise<JWTVerifyGetKey>;

  constructor(readonly settings: OidcSettings) {}

  async verify(token: string): Promise<Principal> {
    const keys = await this.keySet();
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: this.settings.algorithms,
        clockTolerance: this.settings.clockToleranceSeconds,
        requiredClaims: ['exp'],
      });
      return userPrincipalOf(payload, this.settings);
    } catch (error) {
      throw translate(error);
    }
  }

  private keySet(): Promise<JWTVerifyGetKey> {
    this.keys ??= this.jwksUri().then(
      (uri) =>
        createRemoteJWKSet(new URL(uri), {
          cooldownDuration: this.settings.jwksCooldownMs,
          cacheMaxAge: this.settings.jwksCacheMaxAgeMs,
          timeoutDuration: this.settings.httpTimeoutMs,
        }),
      (error: unknown) => {
        this.keys = undefined; // a failed discovery is tried again by the next request
        throw error;
      },
    );
    return this.keys;
  }

  /** The configured JWKS address, else the one the issuer's discovery document names. */
  private async jwksUri(): Promise<string> {
    if (this.settings.jwksUri) return this.settings.jwksUri;
    const discovery = `${this.settings.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    let document: unknown;
    try {
      const answer = await fetch(discovery, { signal: AbortSignal.timeout(this.settings.httpTimeoutMs) });
      if (!answer.ok) throw new Error(`${discovery} answered ${answer.status}`);
      document = await answer.json();
    } catch (error) {
      throw new IdentityProviderUnavailableError(error instanceof Error ? error.message : String(error));
    }
    const uri = (document as { jwks_uri?: unknown } | null)?.jwks_uri;
    if (typeof uri !== 'string') throw new IdentityProviderUnavailableError(`${discovery} names no jwks_uri`);
    return uri;
  }
}

function translate(error: unknown): Error {
  if (error instanceof InvalidAccessTokenError) return error;
  if (error instanceof errors.JWTClaimValidationFailed) {
    const problem = error.claim === 'iss' ? 'WRONG_ISSUER' : error.claim === 'exp' ? 'EXPIRED' : 'BAD_CLAIMS';
    return new InvalidAccessTokenError(problem, error.message);
  }
  if (error instanceof errors.JOSEError && PROBLEMS[error.code]) {
    return new InvalidAccessTokenError(PROBLEMS[error.code], error.message);
  }
  return new IdentityProviderUnavailableError(error instanceof Error ? error.message : String(error));
}
