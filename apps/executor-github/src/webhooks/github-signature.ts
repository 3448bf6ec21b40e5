import { createHmac, timingSafeEqual } from 'node:crypto';

/** GitHub's `X-Hub-Signature-256`: `sha256=` and the hex HMAC-SHA256 of the raw body with the webhook secret. */
export function githubSignature(secret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** Whether `header` is the signature of exactly these bytes; compared in constant time. */
export function verifyGithubSignature(
  secret: string,
  rawBody: Buffer | string,
  header: string | string[] | undefined,
): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value || !/^sha256=[0-9a-f]{64}$/i.test(value)) return false;
  const expected = Buffer.from(githubSignature(secret, rawBody), 'utf8');
  const received = Buffer.from(value.toLowerCase(), 'utf8');
  return received.length === expected.length && timingSafeEqual(received, expected);
}
