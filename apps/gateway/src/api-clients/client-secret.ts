import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto';

// scrypt cost parameters (~16 MiB, tens of ms per check); stored with each hash so they can change later.
const COST = { N: 16_384, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A new client id: 32 random alphanumerics, like Port's. Not secret, but not guessable either. */
export function newClientId(): string {
  const bytes = randomBytes(32);
  return Array.from(bytes, (byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
}

/** A new client secret: 48 random bytes, base64url (64 characters). Shown once, stored only hashed. */
export function newClientSecret(): string {
  return randomBytes(48).toString('base64url');
}

/** `scrypt$N$r$p$<salt>$<hash>` (base64url), with a fresh salt per client. */
export async function hashClientSecret(secret: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const hash = await derive(secret, salt, KEY_LENGTH, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Whether `secret` matches a stored hash; compared in constant time. A malformed hash matches nothing. */
export async function verifyClientSecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], 'base64url');
  const expected = Buffer.from(parts[5], 'base64url');
  if (![N, r, p].every(Number.isSafeInteger) || salt.length === 0 || expected.length === 0) return false;
  const actual = await derive(secret, salt, expected.length, { N, r, p }).catch(() => undefined);
  return actual !== undefined && timingSafeEqual(actual, expected);
}

/**
 * A well-formed hash of a secret nobody holds: checked when a client id is unknown, so an unknown id
 * takes as long to refuse as a wrong secret and the timing does not say which one was wrong.
 */
export const UNKNOWN_CLIENT_HASH = `scrypt$${COST.N}$${COST.r}$${COST.p}$${Buffer.alloc(SALT_LENGTH).toString('base64url')}$${Buffer.alloc(KEY_LENGTH).toString('base64url')}`;

function derive(secret: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, length, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}
