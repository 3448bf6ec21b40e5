// Everything a test needs: the infrastructure harness and the local OIDC issuer (also usable alone, by the libs that
// @flowline/testing's service harness is built on) and the service harness.
export * from '@flowline/testing-infra';
export * from './service-harness';
export * from './github';
export * from './service-migrations';
export * from './executor-harness';
