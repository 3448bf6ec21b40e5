import { OutboundCallError, type OutboundResponse } from '../outbound/outbound-http-client';
import { parseWebhookCall, type WebhookCall } from './webhook-call';
import { callFailureOutcome, isRetryableStatus, parseResponseData, responseOutcome } from './webhook-outcome';

function call(config: Record<string, unknown> = {}): WebhookCall {
  const parsed = parseWebhookCall({
    type: 'WEBHOOK',
    url: 'https://hooks.example.com/deploy?t=x',
    ...config,
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.call;
}

function response(status: number, body: string, contentType = 'application/json'): OutboundResponse {
  return {
    status,
    statusText: status === 200 ? 'OK' : status === 500 ? 'Internal Server Error' : '',
    headers: { 'content-type': contentType },
    body: Buffer.from(body),
    durationMs: 12,
  };
}

describe('isRetryableStatus', () => {
  it.each([
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [409, false],
    [422, false],
    [301, false],
  ])('%i → %p', (status, retryable) => {
    expect(isRetryableStatus(status)).toBe(retryable);
  });
});

describe('responseOutcome', () => {
  it('succeeds a synchronized call on 2xx with {response: {status, data, headers}}', () => {
    expect(responseOutcome(call(), response(200, '{"id":"dep-9"}'))).toEqual({
      status: 'COMPLETED',
      result: 'SUCCESS',
      output: {
        response: { status: 200, data: { id: 'dep-9' }, headers: { 'content-type': 'application/json' } },
      },
      logs: [{ logLevel: 'INFO', log: 'POST https://hooks.example.com/deploy -> 200 OK (12 ms)' }],
    });
  });

  it('leaves an unsynchronized call IN_PROGRESS on 2xx', () => {
    const outcome = responseOutcome(call({ synchronized: false }), response(202, ''));
    expect(outcome.status).toBe('IN_PROGRESS');
    expect(outcome.logs[0].log).toContain('-> 202');
    expect(outcome.logs[0].log).toContain('waiting for the node run to be reported');
  });

  it('fails on a 5xx as retryable, keeping the response in the output and status and body in the log', () => {
    const outcome = responseOutcome(call(), response(500, 'database down', 'text/plain'));
    expect(outcome).toMatchObject({
      status: 'COMPLETED',
      result: 'FAILED',
      failure: {
        code: 'HTTP_ERROR',
        message: 'POST https://hooks.example.com/deploy answered 500 Internal Server Error',
        retryable: true,
      },
      output: { response: { status: 500, data: 'database down' } },
      logs: [
        {
          logLevel: 'ERROR',
          log: 'POST https://hooks.example.com/deploy -> 500 Internal Server Error (12 ms): database down',
        },
      ],
    });
  });

  it('fails on a 4xx (and an unsynchronized call too) as not retryable', () => {
    for (const synchronized of [true, false]) {
      const outcome = responseOutcome(call({ synchronized }), response(400, '{"error":"bad"}'));
      expect(outcome).toMatchObject({ result: 'FAILED', failure: { retryable: false } });
    }
    expect(responseOutcome(call(), response(429, ''))).toMatchObject({ failure: { retryable: true } });
  });

  it('cuts a long error body in the log', () => {
    const outcome = responseOutcome(call(), response(502, 'x'.repeat(5_000), 'text/html'));
    expect(outcome.logs[0].log.length).toBeLessThan(2_200);
    expect(outcome.logs[0].log.endsWith('… (cut)')).toBe(true);
  });

  it('warns when the body was not sent', () => {
    const outcome = responseOutcome(call({ method: 'GET', body: { a: 1 } }), response(200, '{}'));
    expect(outcome.logs[0]).toEqual({ logLevel: 'WARN', log: 'body not sent: GET requests carry no body' });
  });
});

describe('callFailureOutcome', () => {
  it.each([
    ['network', 'NETWORK_ERROR', true],
    ['timeout', 'TIMEOUT', true],
    ['aborted', 'DEADLINE_EXCEEDED', true],
    ['address-refused', 'ADDRESS_REFUSED', false],
    ['response-too-large', 'RESPONSE_TOO_LARGE', false],
  ] as const)('%s fails with %s, retryable %p', (kind, code, retryable) => {
    const outcome = callFailureOutcome(call(), new OutboundCallError(kind, 'what happened'));
    expect(outcome).toMatchObject({
      status: 'COMPLETED',
      result: 'FAILED',
      failure: { code, retryable, message: 'POST https://hooks.example.com/deploy failed: what happened' },
    });
  });
});

describe('parseResponseData', () => {
  it('parses JSON, keeps other text, and gives null for an empty body', () => {
    expect(parseResponseData(Buffer.from('{"a":1}'), 'application/json; charset=utf-8')).toEqual({ a: 1 });
    expect(parseResponseData(Buffer.from('{"a":1}'), 'application/problem+json')).toEqual({ a: 1 });
    expect(parseResponseData(Buffer.from('[1,2]'), undefined)).toEqual([1, 2]);
    expect(parseResponseData(Buffer.from('{"a":1}'), 'text/plain')).toBe('{"a":1}');
    expect(parseResponseData(Buffer.from('not json'), 'application/json')).toBe('not json');
    expect(parseResponseData(Buffer.alloc(0), 'application/json')).toBeNull();
  });
});
