import {
  hashClientSecret,
  newClientId,
  newClientSecret,
  UNKNOWN_CLIENT_HASH,
  verifyClientSecret,
} from './client-secret';

describe('client secrets', () => {
  it('verifies the secret that was hashed and refuses any other', async () => {
    const secret = newClientSecret();
    const hash = await hashClientSecret(secret);
    await expect(verifyClientSecret(secret, hash)).resolves.toBe(true);
    await expect(verifyClientSecret(`${secret}x`, hash)).resolves.toBe(false);
    await expect(verifyClientSecret('', hash)).resolves.toBe(false);
  });

  it('salts each hash, so equal secrets hash differently', async () => {
    const [a, b] = await Promise.all([hashClientSecret('same-secret'), hashClientSecret('same-secret')]);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toContain('same-secret');
  });

  it('matches nothing against a malformed stored hash', async () => {
    for (const stored of ['', 'plain', 'bcrypt$1$2$3$4$5', 'scrypt$x$8$1$AAAA$AAAA', 'scrypt$16384$8$1$$']) {
      await expect(verifyClientSecret('secret', stored)).resolves.toBe(false);
    }
  });

  it('matches nothing against the placeholder used for unknown client ids', async () => {
    await expect(verifyClientSecret(newClientSecret(), UNKNOWN_CLIENT_HASH)).resolves.toBe(false);
  });

  it('makes long random ids and secrets', () => {
    expect(newClientId()).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(newClientSecret()).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(newClientId()).not.toBe(newClientId());
  });
});
