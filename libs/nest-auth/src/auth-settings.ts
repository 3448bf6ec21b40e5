import { type OidcSettings } from './oidc/oidc-settings';

export interface AuthSettings {
  /** HS256 signing key shared by the gateway (which issues tokens) and the services (which verify them). */
  jwtSecret: string;
  /** This service's own name: the actor of the tokens it mints for service-to-service calls. */
  serviceName: string;
  /** Lifetime of service tokens, seconds. Default 300. */
  serviceTokenTtlSeconds?: number;
  /** Users' identity provider; unset = only machine clients and services authenticate. */
  oidc?: OidcSettings;
}

export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');
