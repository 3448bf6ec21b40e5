import { oidcSettingsOf } from './oidc-config';
import { loadConfig } from './service-config';
import { BASE_ENV, problemsOf, TestConfig } from './__tests__/test-config';

describe('identity provider settings (OIDC_*)', () => {
  it('are off without OIDC_ISSUER', () => {
    expect(oidcSettingsOf(loadConfig(TestConfig, BASE_ENV))).toBeUndefined();
  });

  it('read the issuer, claims and defaults', () => {
    const config = loadConfig(TestConfig, {
      ...BASE_ENV,
      OIDC_ISSUER: 'https://login.example.com/realms/dev',
      OIDC_AUDIENCE: 'portal',
      OIDC_ROLES_CLAIM: 'realm_access.roles',
      OIDC_TEAMS_CLAIM: 'groups',
      OIDC_ORG_CLAIM: 'org_id',
      OIDC_ADMIN_ROLES: 'platform-admin, Admin',
      OIDC_ALGORITHMS: 'RS256,ES256',
    });
    expect(oidcSettingsOf(config)).toEqual({
      issuer: 'https://login.example.com/realms/dev',
      audience: 'portal',
      jwksUri: undefined,
      claims: { userId: 'sub', email: 'email', roles: 'realm_access.roles', teams: 'groups', org: 'org_id' },
      defaultOrg: undefined,
      adminRoles: ['platform-admin', 'Admin'],
      algorithms: ['RS256', 'ES256'],
      clockToleranceSeconds: 5,
      jwksCooldownMs: 30_000,
      jwksCacheMaxAgeMs: 600_000,
      httpTimeoutMs: 5000,
    });
  });

  it('refuse to boot without a way to find the org, or with a symmetric or unknown algorithm', () => {
    expect(problemsOf({ OIDC_ISSUER: 'https://idp.example.com' })).toEqual(['OIDC_DEFAULT_ORG']);
    expect(problemsOf({ OIDC_ISSUER: 'https://idp.example.com', OIDC_DEFAULT_ORG: 'org_a' })).toEqual([]);
    expect(
      problemsOf({
        OIDC_ISSUER: 'https://idp.example.com',
        OIDC_DEFAULT_ORG: 'org_a',
        OIDC_ALGORITHMS: 'HS256',
      }),
    ).toEqual(['OIDC_ALGORITHMS']);
    expect(problemsOf({ OIDC_ISSUER: 'not a url', OIDC_DEFAULT_ORG: 'org_a' })).toEqual(['OIDC_ISSUER']);
  });
});
