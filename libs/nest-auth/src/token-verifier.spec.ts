import { InvalidAccessTokenError, type Principal, signAccessToken } from './access-token';
import { AccessTokenVerifier, REMEMBER_VERIFIED_TOKEN_MS } from './token-verifier';

const secret = 'a-test-signing-secret-of-at-least-32-bytes';
const principal: Principal = { orgId: 'org_a', actorId: 'client_1', kind: 'machine', roles: ['admin'] };
const T0 = Date.parse('2026-12-07T12:00:00Z');

describe('AccessTokenVerifier', () => {
  let now: number;
  let verifier: AccessTokenVerifier;

  beforeEach(() => {
    now = T0;
    verifier = new AccessTokenVerifier({ jwtSecret: secret }, () => now);
  });

  it('checks a token once and believes it for the next requests that present it', async () => {
    const token = signAccessToken(principal, secret, 3600, now);
    const first = await verifier.verify(token);
    expect(first).toEqual(principal);
    now += 1000;
    // The same principal: the token was not decoded and checked again.
    expect(await verifier.verify(token)).toBe(first);
  });

  it('checks the token again after a minute', async () => {
    const token = signAccessToken(principal, secret, 3600, now);
    const first = await verifier.verify(token);
    now += REMEMBER_VERIFIED_TOKEN_MS + 1;
    const again = await verifier.verify(token);
    expect(again).toEqual(principal);
    expect(again).not.toBe(first);
  });

  it('refuses a remembered token once it expired', async () => {
    const token = signAccessToken(principal, secret, 10, now);
    await verifier.verify(token);
    now += 10_000;
    await expect(verifier.verify(token)).rejects.toMatchObject({ problem: 'EXPIRED' });
  });

  it('refuses a bad token every time it comes', async () => {
    const forged = signAccessToken(principal, 'another-secret-another-secret-xx', 3600, now);
    for (let i = 0; i < 2; i++)
      await expect(verifier.verify(forged)).rejects.toThrow(InvalidAccessTokenError);
  });

  it('tells tokens apart by their whole text: another signature is checked on its own', async () => {
    const token = signAccessToken(principal, secret, 3600, now);
    await verifier.verify(token);
    const [header, payload] = token.split('.');
    await expect(verifier.verify(`${header}.${payload}.${'A'.repeat(43)}`)).rejects.toMatchObject({
      problem: 'BAD_SIGNATURE',
    });
  });

  it('hands out a principal nobody can change', async () => {
    const token = signAccessToken(principal, secret, 3600, now);
    const first = await verifier.verify(token);
    expect(() => (first.roles as string[]).push('member')).toThrow(TypeError);
    expect(() => Object.assign(first, { orgId: 'org_b' })).toThrow(TypeError);
    expect(await verifier.verify(token)).toEqual(principal);
  });

  it('forgets the oldest token beyond ten thousand', async () => {
    const oldest = signAccessToken({ ...principal, actorId: 'client_0' }, secret, 3600, now);
    const second = signAccessToken({ ...principal, actorId: 'client_1' }, secret, 3600, now);
    const first = await verifier.verify(oldest);
    const kept = await verifier.verify(second);
    for (let i = 2; i <= 10_000; i++)
      await verifier.verify(signAccessToken({ ...principal, actorId: `client_${i}` }, secret, 3600, now));
    expect(await verifier.verify(second)).toBe(kept);
    expect(await verifier.verify(oldest)).not.toBe(first);
  });
});
