import { hasRequestBody, isJsonContentType, jsonNestingDepth, unstorableTextPath } from './body-limits';
import { bodyErrorEnvelope } from './configure-request-bodies';

const limits = { maxBytes: 2048, maxDepth: 8 };

describe('request bodies', () => {
  it('counts nesting without recursion, even 100,000 levels deep', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(jsonNestingDepth(deep, 64)).toBe(65);
    expect(jsonNestingDepth({ a: [{ b: 1 }] }, 64)).toBe(3);
    expect(jsonNestingDepth('text', 64)).toBe(0);
  });

  it('knows a JSON content type, parameters and +json suffixes included', () => {
    expect(isJsonContentType('application/json')).toBe(true);
    expect(isJsonContentType('Application/JSON; charset=utf-8')).toBe(true);
    expect(isJsonContentType('application/merge-patch+json')).toBe(true);
    expect(isJsonContentType('text/plain')).toBe(false);
    expect(isJsonContentType('application/x-www-form-urlencoded')).toBe(false);
    expect(isJsonContentType(undefined)).toBe(false);
  });

  it('knows whether a request carries a body', () => {
    expect(hasRequestBody({ 'content-length': '12' })).toBe(true);
    expect(hasRequestBody({ 'transfer-encoding': 'chunked' })).toBe(true);
    expect(hasRequestBody({ 'content-length': '0' })).toBe(false);
    expect(hasRequestBody({})).toBe(false);
  });

  it('answers an oversize body with 413 naming the limit', () => {
    const answer = bodyErrorEnvelope({ type: 'entity.too.large', status: 413 }, limits);
    expect(answer).toMatchObject({ status: 413, error: 'payload_too_large' });
    expect(answer?.message).toContain('2048 bytes');
  });

  it('answers malformed JSON with 400 without quoting the body', () => {
    const parseError = Object.assign(new SyntaxError('Unexpected token in "{"value": sup3r-s3cret'), {
      type: 'entity.parse.failed',
      status: 400,
    });
    const answer = bodyErrorEnvelope(parseError, limits);
    expect(answer?.status).toBe(400);
    expect(JSON.stringify(answer)).not.toContain('sup3r-s3cret');
  });

  it('answers an unsupported charset with 415, and leaves errors that are not body-parser ones alone', () => {
    expect(bodyErrorEnvelope({ type: 'charset.unsupported', status: 415 }, limits)?.status).toBe(415);
    expect(bodyErrorEnvelope(new Error('boom'), limits)).toBeUndefined();
    expect(bodyErrorEnvelope(undefined, limits)).toBeUndefined();
  });
});

describe('text PostgreSQL can store', () => {
  it('finds a NUL or a lone surrogate in keys and values, with its path', () => {
    expect(unstorableTextPath({ a: [{ b: 'ok' }, 'x\u0000y'] })).toBe('a[1]');
    expect(unstorableTextPath({ a: { 'k\ud800': 1 } })).toBe('a.k\ud800');
    expect(unstorableTextPath({ a: 'lone \udc00 low' })).toBe('a');
    expect(unstorableTextPath('\u0000')).toBe('');
    expect(unstorableTextPath({ emoji: '💩 ünïcödé', n: 1, z: null })).toBeUndefined();
  });
});
