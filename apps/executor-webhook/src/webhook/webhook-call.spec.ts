import { verifyWebhookSignature } from '@flowline/executor-runtime';
import { describeCall, parseWebhookCall, protocolHeaders } from './webhook-call';

function parse(config: Record<string, unknown>) {
  const parsed = parseWebhookCall({ type: 'WEBHOOK', ...config });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.call;
}

describe('parseWebhookCall', () => {
  it('defaults to a synchronized POST and sends the body as JSON', () => {
    const call = parse({ url: 'https://api.example.com/resources', body: { name: 'svc-a' } });
    expect(call).toMatchObject({ method: 'POST', synchronized: true, bodyIgnored: false });
    expect(call.url.href).toBe('https://api.example.com/resources');
    expect(call.body?.toString()).toBe('{"name":"svc-a"}');
    expect(call.headers).toEqual({ 'Content-Type': 'application/json' });
  });

  it('takes any method in any case, and sends a body only with POST, PUT and PATCH', () => {
    expect(parse({ url: 'https://x.io', method: 'patch', body: [1] }).body?.toString()).toBe('[1]');
    const get = parse({ url: 'https://x.io', method: 'GET', body: { a: 1 } });
    expect(get).toMatchObject({ method: 'GET', body: undefined, bodyIgnored: true });
    expect(parse({ url: 'https://x.io', method: 'DELETE' })).toMatchObject({
      body: undefined,
      bodyIgnored: false,
    });
  });

  it('keeps the node headers as text, drops null ones and the ones Flowline sets itself', () => {
    const call = parse({
      url: 'https://x.io',
      headers: {
        Authorization: 'Bearer t',
        'X-Count': 3,
        'X-Flag': true,
        'X-None': null,
        'Idempotency-Key': 'mine',
        'x-flowline-signature': 'forged',
        'Content-Length': '1',
      },
    });
    expect(call.headers).toEqual({ Authorization: 'Bearer t', 'X-Count': '3', 'X-Flag': 'true' });
  });

  it('sends a text body raw when the node sets a non-JSON content type', () => {
    const call = parse({ url: 'https://x.io', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(call.body?.toString()).toBe('hello');
    expect(call.headers).toEqual({ 'content-type': 'text/plain' });
  });

  it('lists every problem, naming headers but never their values', () => {
    const parsed = parseWebhookCall({
      type: 'WEBHOOK',
      url: 'ftp://x.io/file',
      method: 'FETCH',
      headers: { 'X-Obj': { a: 1 }, 'X-Bad': 'line\nbreak s3cr3t', 'bad name': 'x' },
      synchronized: 'yes',
    });
    expect(parsed).toEqual({
      ok: false,
      problems: [
        'url must use http or https, not ftp',
        'method must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS',
        'headers["X-Obj"] must be text, not an object',
        'headers["X-Bad"] is not a valid HTTP header (name or value has forbidden characters)',
        'headers["bad name"] is not a valid HTTP header (name or value has forbidden characters)',
        'synchronized must be true or false',
      ],
    });
    expect(parseWebhookCall({ type: 'WEBHOOK' })).toEqual({
      ok: false,
      problems: ['url must be a non-empty string'],
    });
    expect(parseWebhookCall({ type: 'WEBHOOK', url: 'not a url' })).toEqual({
      ok: false,
      problems: ['url is not a valid URL'],
    });
  });

  it('describes a call without credentials or query string', () => {
    const call = parse({ url: 'https://user:pw@x.io:8443/hooks/a?token=abc' });
    expect(describeCall(call)).toBe('POST https://x.io:8443/hooks/a');
  });
});

describe('protocolHeaders', () => {
  const dispatch = {
    runId: 'wfr_a1B2c3D4e5F6g7H8',
    nodeRunId: 'wfnr_Q1w2E3r4T5y6U7i8',
    idempotencyKey: 'wfnr_Q1w2E3r4T5y6U7i8:2',
  };
  const secret = 'a-webhook-signing-secret-of-32-chars!!';
  const now = new Date('2026-01-28T10:00:00Z');

  it('carries the idempotency key, both spellings of the run ids and a signature of the body', () => {
    const body = Buffer.from('{"a":1}');
    const headers = protocolHeaders(dispatch, secret, body, now);
    expect(headers).toMatchObject({
      'Idempotency-Key': 'wfnr_Q1w2E3r4T5y6U7i8:2',
      'X-Flowline-Run-Id': dispatch.runId,
      'X-Flowline-Node-Run-Id': dispatch.nodeRunId,
      'X-Port-Workflow-Run-Id': dispatch.runId,
      'X-Port-Node-Run-Id': dispatch.nodeRunId,
      'X-Flowline-Timestamp': String(now.getTime() / 1000),
    });
    const check = {
      secret,
      timestamp: headers['X-Flowline-Timestamp'],
      signature: headers['X-Flowline-Signature'],
      now,
    };
    expect(verifyWebhookSignature({ ...check, body })).toBe(true);
    expect(verifyWebhookSignature({ ...check, body: '{"a":2}' })).toBe(false);
  });

  it('signs the empty body when there is none', () => {
    const headers = protocolHeaders(dispatch, secret, undefined, now);
    const check = {
      secret,
      timestamp: headers['X-Flowline-Timestamp'],
      signature: headers['X-Flowline-Signature'],
      now,
    };
    expect(verifyWebhookSignature({ ...check, body: '' })).toBe(true);
  });
});
