import { type OidcSettings } from '@flowline/nest-auth';
import { type ServiceConfig } from './service-config';

const names = (value: string) =>
  value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);

/** The identity provider settings of a validated config; undefined when OIDC_ISSUER is unset. */
export function oidcSettingsOf(config: ServiceConfig): OidcSettings | undefined {
  if (!config.OIDC_ISSUER) return undefined;
  return {
    issuer: config.OIDC_ISSUER,
    audience: config.OIDC_AUDIENCE || undefined,
    jwksUri: config.OIDC_JWKS_URI || undefined,
    claims: {
      userId: config.OIDC_USER_ID_CLAIM,
      email: config.OIDC_EMAIL_CLAIM,
      roles: config.OIDC_ROLES_CLAIM,
      teams: config.OIDC_TEAMS_CLAIM,
      org: config.OIDC_ORG_CLAIM || undefined,
    },
    defaultOrg: config.OIDC_DEFAULT_ORG || undefined,
    adminRoles: names(config.OIDC_ADMIN_ROLES),
    algorithms: names(config.OIDC_ALGORITHMS),
    clockToleranceSeconds: config.OIDC_CLOCK_TOLERANCE_SECONDS,
    jwksCooldownMs: config.OIDC_JWKS_COOLDOWN_MS,
    jwksCacheMaxAgeMs: config.OIDC_JWKS_CACHE_MAX_AGE_MS,
    httpTimeoutMs: config.OIDC_HTTP_TIMEOUT_MS,
  };
}
