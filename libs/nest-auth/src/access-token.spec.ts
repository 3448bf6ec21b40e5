import { InvalidAccessTokenError, type Principal, signAccessToken, verifyAccessToken } from './access-token';

const secret = 'a-test-signing-secret-of-at-least-32-bytes';
const principal: Principal = { orgId: 'org_a', actorId: 'client_1', kind: 'machine', roles: ['admin'] };

function problemOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof InvalidAccessTokenError ? error.problem : 'OTHER';
  }
  return undefined;
}

describe('access tokens', () => {
  it('round-trips org, actor, kind and roles', () => {
    expect(verifyAccessToken(signAccessToken(principal, secret, 60), secret)).toEqual(principal);
  });

  it('refuses a token signed with another key', () => {
    expect(
      problemOf(() =>
        verifyAccessToken(signAccessToken(principal, 'another-secret-another-secret-xx', 60), secret),
      ),
    ).toBe('BAD_SIGNATURE');
  });

  it('refuses a tampered payload', () => {
    const [header, , sig] = signAccessToken(principal, secret, 60).split('.');
    const forged = Buffer.from(
      JSON.stringify({
        iss: 'flowline',
        sub: 'x',
        org: 'org_b',
        kind: 'user',
        roles: ['admin'],
        iat: 0,
        exp: 9e9,
      }),
    ).toString('base64url');
    expect(problemOf(() => verifyAccessToken(`${header}.${forged}.${sig}`, secret))).toBe('BAD_SIGNATURE');
  });

  it('refuses an expired token', () => {
    const token = signAccessToken(principal, secret, 60, Date.now() - 120_000);
    expect(problemOf(() => verifyAccessToken(token, secret))).toBe('EXPIRED');
  });

  it.each(['', 'abc', 'a.b', 'a.b.c.d'])('refuses the malformed token %p', (token) => {
    expect(problemOf(() => verifyAccessToken(token, secret))).toMatch(/MALFORMED|BAD_SIGNATURE/);
  });
});
