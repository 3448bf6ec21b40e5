import { createHmac } from 'node:crypto';

export const PORT_SIGNATURE_HEADER = 'x-port-signature';
export const PORT_TIMESTAMP_HEADER = 'x-port-timestamp';
/** Flowline's addition during a key rotation: the signatures made with the retiring key(s). */
export const PORT_PREVIOUS_SIGNATURE_HEADER = 'x-port-signature-previous';

/** `v1,<base64 HMAC-SHA256(key, "<timestamp>.<raw body>")>`: Port's webhook signature. */
export function computePortSignature(key: string, timestamp: number | string, body: string | Buffer): string {
  const hmac = createHmac('sha256', key);
  hmac.update(`${timestamp}.`);
  hmac.update(body);
  return `v1,${hmac.digest('base64')}`;
}

/**
 * Port's signature headers for a body sent now. `keys` is the org's current key first, then retired
 * keys still in their grace period: `x-port-signature` always carries exactly one signature (the current
 * key's), so a receiver written for Port (`header.split(",")[1]`) keeps working; the retired keys'
 * signatures go space-separated in `x-port-signature-previous`, only while a rotation is in its grace period.
 */
export function portSignatureHeaders(
  keys: readonly string[],
  body: string | Buffer,
  now: Date = new Date(),
): Record<string, string> {
  if (keys.length === 0) return {};
  const timestamp = Math.floor(now.getTime() / 1000);
  const [current, ...previous] = keys.map((key) => computePortSignature(key, timestamp, body));
  return {
    [PORT_TIMESTAMP_HEADER]: String(timestamp),
    [PORT_SIGNATURE_HEADER]: current,
    ...(previous.length > 0 ? { [PORT_PREVIOUS_SIGNATURE_HEADER]: previous.join(' ') } : {}),
  };
}
