export * from './local-oidc-issuer';
