import { LocalOidcIssuer } from '@flowline/testing-infra';
import { InvalidAccessTokenError, signAccessToken } from '../access-token';
import { AccessTokenVerifier } from '../token-verifier';
import { type OidcSettings } from './oidc-settings';

const SECRET = 'a-test-signing-secret-of-at-least-32-bytes';

function settingsFor(issuer: LocalOidcIssuer, overrides: Partial<OidcSettings> = {}): OidcSettings {
  return {
    issuer: issuer.issuer,
    audience: issuer.issuer,
    claims: { userId: 'sub', email: 'email', roles: 'roles', teams: 'teams' },
    defaultOrg: 'org_a',
    adminRoles: ['admin'],
    algorithms: ['RS256'],
    clockToleranceSeconds: 0,
    jwksCooldownMs: 0,
    jwksCacheMaxAgeMs: 600_000,
    httpTimeoutMs: 2000,
    ...overrides,
  };
}

async function problemOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return error instanceof InvalidAccessTokenError ? error.problem : `OTHER ${String(error)}`;
  }
  return undefined;
}

describe('user tokens from an OpenID Connect issuer', () => {
  let issuer: LocalOidcIssuer;
  let other: LocalOidcIssuer;

  beforeAll(async () => {
    issuer = await LocalOidcIssuer.start();
    other = await LocalOidcIssuer.start();
  });
  afterAll(async () => {
    await issuer.stop();
    await other.stop();
  });

  it('accepts a user token (keys found by discovery) and still accepts Flowline machine tokens', async () => {
    const verifier = new AccessTokenVerifier({ jwtSecret: SECRET, oidc: settingsFor(issuer) });
    const token = await issuer.sign({
      sub: 'user-a',
      email: 'a@example.com',
      roles: ['Admin'],
      teams: ['Rocket'],
    });
    await expect(verifier.verify(token)).resolves.toEqual({
      orgId: 'org_a',
      actorId: 'user-a',
      kind: 'user',
      roles: ['member', 'admin'],
      email: 'a@example.com',
      teams: ['Rocket'],
    });
    const machine = signAccessToken(
      { orgId: 'org_a', actorId: 'c1', kind: 'machine', roles: ['member'] },
      SECRET,
      60,
    );
    await expect(verifier.verify(machine)).resolves.toMatchObject({ actorId: 'c1', kind: 'machine' });
  });

  it('refuses another issuer, an expired token, a bad signature and a wrong audience', async () => {
    const verifier = new AccessTokenVerifier({ jwtSecret: SECRET, oidc: settingsFor(issuer) });
    expect(await problemOf(verifier.verify(await other.sign({ sub: 'u' })))).toMatch(
      /BAD_SIGNATURE|WRONG_ISSUER/,
    );
    expect(
      await problemOf(verifier.verify(await issuer.sign({ sub: 'u' }, { expiresInSeconds: -3600 }))),
    ).toBe('EXPIRED');
    expect(await problemOf(verifier.verify(await issuer.sign({ sub: 'u' }, { forgeSignature: true })))).toBe(
      'BAD_SIGNATURE',
    );
    expect(
      await problemOf(verifier.verify(await issuer.sign({ sub: 'u' }, { audience: 'someone-else' }))),
    ).toBe('BAD_CLAIMS');
  });

  it('caches the keys, and fetches them again when a token names a key it has not seen (rotation)', async () => {
    const verifier = new AccessTokenVerifier({
      jwtSecret: SECRET,
      oidc: settingsFor(issuer, { jwksUri: issuer.jwksUri }),
    });
    const before = issuer.jwksFetches;
    await verifier.verify(await issuer.sign({ sub: 'u1' }));
    await verifier.verify(await issuer.sign({ sub: 'u2' }));
    expect(issuer.jwksFetches - before).toBe(1);

    await issuer.rotateKey({ retireOld: true });
    await expect(verifier.verify(await issuer.sign({ sub: 'u3' }))).resolves.toMatchObject({ actorId: 'u3' });
    expect(issuer.jwksFetches - before).toBe(2);
  });
});
