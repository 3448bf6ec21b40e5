import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Flowline-Signature';
export const TIMESTAMP_HEADER = 'X-Flowline-Timestamp';
const SCHEME = 'sha256=';
/** How far a receiver lets a timestamp be from its own clock by default (replay window). */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`: the value of X-Flowline-Signature.
 * The timestamp (unix seconds, also sent as X-Flowline-Timestamp) is signed with the body so a captured
 * request cannot be replayed later with a fresh timestamp.
 */
export function computeWebhookSignature(
  secret: string,
  timestamp: number | string,
  body: string | Buffer,
): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.`);
  hmac.update(body);
  return SCHEME + hmac.digest('hex');
}

/** The two signature headers for a body sent now. */
export function webhookSignatureHeaders(
  secret: string,
  body: string | Buffer,
  now: Date = new Date(),
): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: computeWebhookSignature(secret, timestamp, body),
  };
}

export interface WebhookSignatureCheck {
  secret: string;
  /** The X-Flowline-Timestamp header. */
  timestamp: string | undefined;
  /** The X-Flowline-Signature header. */
  signature: string | undefined;
  /** The raw request body, exactly as received (before any JSON parsing). */
  body: string | Buffer;
  toleranceSeconds?: number;
  now?: Date;
}

/**
 * What a receiver calls: true when the signature matches the body and timestamp (constant-time
 * comparison) and the timestamp is within `toleranceSeconds` of `now`.
 */
export function verifyWebhookSignature(check: WebhookSignatureCheck): boolean {
  const { timestamp, signature } = check;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || !signature?.startsWith(SCHEME)) return false;
  const tolerance = check.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
  const now = Math.floor((check.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - Number(timestamp)) > tolerance) return false;
  const expected = Buffer.from(computeWebhookSignature(check.secret, timestamp, check.body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
