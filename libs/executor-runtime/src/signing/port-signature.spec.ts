import { createHmac } from 'node:crypto';
import { computePortSignature, portSignatureHeaders } from './port-signature';

/** Port's documented check, as a receiver writes it. */
function portReceiverAccepts(key: string, headers: Record<string, string>, body: string): boolean {
  const expected = createHmac('sha256', key)
    .update(`${headers['x-port-timestamp']}.${body}`)
    .digest('base64');
  return headers['x-port-signature'].split(',')[1] === expected;
}

describe("Port's webhook signature", () => {
  const now = new Date('2026-01-28T10:00:00Z');
  const body = '{"service":"checkout"}';

  it('is v1, and the base64 HMAC-SHA256 of "<timestamp>.<body>"', () => {
    const expected = createHmac('sha256', 'k1').update(`1769594400.${body}`).digest('base64');
    expect(computePortSignature('k1', 1769594400, body)).toBe(`v1,${expected}`);
  });

  it('signs with the current key in x-port-signature, which a receiver written for Port accepts', () => {
    const headers = portSignatureHeaders(['current'], body, now);
    expect(headers).toEqual({ 'x-port-timestamp': '1769594400', 'x-port-signature': expect.any(String) });
    expect(portReceiverAccepts('current', headers, body)).toBe(true);
    expect(portReceiverAccepts('current', headers, `${body} `)).toBe(false);
  });

  it('adds the retiring keys’ signatures, space-separated, only during a grace period', () => {
    const headers = portSignatureHeaders(['new', 'old', 'older'], body, now);
    expect(headers['x-port-signature']).toBe(computePortSignature('new', 1769594400, body));
    expect(headers['x-port-signature-previous']).toBe(
      `${computePortSignature('old', 1769594400, body)} ${computePortSignature('older', 1769594400, body)}`,
    );
  });

  it('sends nothing without a key', () => {
    expect(portSignatureHeaders([], body, now)).toEqual({});
  });
});
