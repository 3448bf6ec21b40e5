import { InvalidAccessTokenError } from '../access-token';
import { readClaim } from './claim-path';
import { type OidcSettings } from './oidc-settings';
import { userPrincipalOf } from './user-principal';

const settings: OidcSettings = {
  issuer: 'https://idp.example.com',
  claims: {
    userId: 'sub',
    email: 'email',
    roles: 'realm_access.roles',
    teams: 'https://example.com/teams',
    org: 'org',
  },
  defaultOrg: 'org_default',
  adminRoles: ['platform-admin'],
  algorithms: ['RS256'],
  clockToleranceSeconds: 0,
  jwksCooldownMs: 0,
  jwksCacheMaxAgeMs: 60_000,
  httpTimeoutMs: 1000,
};

describe('user principal from token claims', () => {
  it('reads id, email, roles and teams by their configured paths', () => {
    const principal = userPrincipalOf(
      {
        sub: 'u1',
        email: 'a@example.com',
        org: 'org_a',
        realm_access: { roles: ['Developer', 'platform-admin'] },
        'https://example.com/teams': ['Rocket', 'Ops'],
      },
      settings,
    );
    expect(principal).toEqual({
      orgId: 'org_a',
      actorId: 'u1',
      kind: 'user',
      roles: ['member', 'developer', 'platform-admin', 'admin'],
      email: 'a@example.com',
      teams: ['Rocket', 'Ops'],
    });
  });

  it('puts users whose token names no org in the default org', () => {
    expect(userPrincipalOf({ sub: 'u1' }, settings).orgId).toBe('org_default');
  });

  it('grants admin only through the configured admin roles', () => {
    const principal = userPrincipalOf({ sub: 'u1', realm_access: { roles: ['admin'] } }, settings);
    expect(principal.roles).toEqual(['member']);
  });

  it('refuses a token without a user id, or without an org when there is no default', () => {
    expect(() => userPrincipalOf({ email: 'x@example.com' }, settings)).toThrow(InvalidAccessTokenError);
    expect(() => userPrincipalOf({ sub: 'u1' }, { ...settings, defaultOrg: undefined })).toThrow(/no org/);
  });

  it('follows dotted paths unless a claim has the dotted name itself', () => {
    expect(readClaim({ a: { b: 1 } }, 'a.b')).toBe(1);
    expect(readClaim({ 'a.b': 2, a: { b: 1 } }, 'a.b')).toBe(2);
    expect(readClaim({ a: [1] }, 'a.0')).toBeUndefined();
  });
});
