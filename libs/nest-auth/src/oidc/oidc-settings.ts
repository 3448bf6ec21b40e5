/** How user tokens of one OpenID Connect identity provider are verified and read. */
export interface OidcSettings {
  /** The `iss` of the provider's tokens, exactly (e.g. https://login.example.com/realms/dev). */
  issuer: string;
  /** The `aud` the tokens must carry (the portal's client id or API identifier); unset = not checked. */
  audience?: string;
  /** Where the signing keys are; unset = `jwks_uri` of `<issuer>/.well-known/openid-configuration`. */
  jwksUri?: string;
  /** Claim paths (dot-separated, or a claim name as it is, e.g. `https://example.com/roles`). */
  claims: {
    userId: string;
    email: string;
    roles: string;
    teams: string;
    /** Unset = every user belongs to `defaultOrg`. */
    org?: string;
  };
  /** The org of users whose token names none (or when no org claim is configured). */
  defaultOrg?: string;
  /** The provider's role names that make a user a Flowline admin (compared case-insensitively). */
  adminRoles: string[];
  /** Signature algorithms accepted (asymmetric only: the keys come from the JWKS). */
  algorithms: string[];
  clockToleranceSeconds: number;
  /** After a key-set fetch, no other fetch before this (an unknown `kid` refetches after it). */
  jwksCooldownMs: number;
  /** Keys are refetched when older than this, even without an unknown `kid`. */
  jwksCacheMaxAgeMs: number;
  /** Time limit of one fetch of the key set or discovery document. */
  httpTimeoutMs: number;
}
