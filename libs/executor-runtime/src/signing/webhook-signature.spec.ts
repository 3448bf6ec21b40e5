import { createHmac } from 'node:crypto';
import {
  computeWebhookSignature,
  verifyWebhookSignature,
  webhookSignatureHeaders,
} from './webhook-signature';

const SECRET = 'a-webhook-signing-secret-of-32-chars!!';
const BODY = '{"name":"svc-a"}';

describe('webhook signatures', () => {
  it('is sha256= and the hex HMAC-SHA256 of "<timestamp>.<raw body>"', () => {
    const expected = createHmac('sha256', SECRET).update(`1767225600.${BODY}`).digest('hex');
    expect(computeWebhookSignature(SECRET, 1767225600, BODY)).toBe(`sha256=${expected}`);
    expect(computeWebhookSignature(SECRET, '1767225600', Buffer.from(BODY))).toBe(`sha256=${expected}`);
  });

  it('sends the unix-seconds timestamp it signed', () => {
    const now = new Date('2026-01-01T00:00:00.900Z');
    expect(webhookSignatureHeaders(SECRET, BODY, now)).toEqual({
      'X-Flowline-Timestamp': '1767225600',
      'X-Flowline-Signature': computeWebhookSignature(SECRET, 1767225600, BODY),
    });
  });

  describe('verifyWebhookSignature', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const headers = webhookSignatureHeaders(SECRET, BODY, now);
    const valid = {
      secret: SECRET,
      timestamp: headers['X-Flowline-Timestamp'],
      signature: headers['X-Flowline-Signature'],
      body: BODY,
      now,
    };

    it('accepts what was signed', () => {
      expect(verifyWebhookSignature(valid)).toBe(true);
      expect(verifyWebhookSignature({ ...valid, body: Buffer.from(BODY) })).toBe(true);
    });

    it('refuses another body, another secret, another timestamp or a malformed header', () => {
      expect(verifyWebhookSignature({ ...valid, body: '{"name":"svc-b"}' })).toBe(false);
      expect(verifyWebhookSignature({ ...valid, secret: `${SECRET}x` })).toBe(false);
      expect(verifyWebhookSignature({ ...valid, timestamp: String(Number(valid.timestamp) + 1) })).toBe(
        false,
      );
      expect(
        verifyWebhookSignature({ ...valid, signature: valid.signature.replace('sha256=', 'sha1=') }),
      ).toBe(false);
      expect(verifyWebhookSignature({ ...valid, signature: 'sha256=abc' })).toBe(false);
      expect(verifyWebhookSignature({ ...valid, signature: undefined })).toBe(false);
      expect(verifyWebhookSignature({ ...valid, timestamp: 'yesterday' })).toBe(false);
    });

    it('refuses a timestamp outside the tolerance (replays)', () => {
      const later = new Date(now.getTime() + 301_000);
      expect(verifyWebhookSignature({ ...valid, now: later })).toBe(false);
      expect(verifyWebhookSignature({ ...valid, now: later, toleranceSeconds: 600 })).toBe(true);
    });
  });
});
