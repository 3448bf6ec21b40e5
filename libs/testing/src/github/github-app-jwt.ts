import { createPublicKey, type KeyObject, verify } from 'node:crypto';

/** GitHub refuses app JWTs that live longer than this (iat to exp). */
const MAX_JWT_LIFETIME_SECONDS = 10 * 60;
/** Tolerated clock drift for `iat` in the future, as GitHub allows some. */
const CLOCK_DRIFT_SECONDS = 60;

export type JwtCheck = { ok: true; appId: string } | { ok: false; reason: string };

/**
 * Checks a GitHub App JWT the way GitHub does: RS256 signature against the app's public key, `iss` is the
 * app id, `exp` not passed and at most ten minutes after `iat`.
 */
export function verifyAppJwt(
  token: string,
  publicKey: KeyObject | string,
  appId: string | number,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): JwtCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'not a JWT' };
  const [headerPart, payloadPart, signaturePart] = parts;
  const header = decodeJson(headerPart);
  const payload = decodeJson(payloadPart);
  if (!header || !payload) return { ok: false, reason: 'undecodable JWT' };
  if (header.alg !== 'RS256') return { ok: false, reason: `unsupported alg ${String(header.alg)}` };
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  const signed = verify(
    'RSA-SHA256',
    Buffer.from(`${headerPart}.${payloadPart}`),
    key,
    Buffer.from(signaturePart, 'base64url'),
  );
  if (!signed) return { ok: false, reason: 'bad signature' };
  if (String(payload.iss) !== String(appId)) return { ok: false, reason: `iss ${String(payload.iss)}` };
  const { iat, exp } = payload;
  if (typeof exp !== 'number' || typeof iat !== 'number') return { ok: false, reason: 'iat/exp missing' };
  if (exp <= nowSeconds) return { ok: false, reason: 'expired' };
  if (iat > nowSeconds + CLOCK_DRIFT_SECONDS) return { ok: false, reason: 'issued in the future' };
  if (exp - iat > MAX_JWT_LIFETIME_SECONDS) return { ok: false, reason: 'lifetime over 10 minutes' };
  return { ok: true, appId: String(payload.iss) };
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
