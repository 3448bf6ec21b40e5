import { DEFAULT_WORKFLOW_LIMITS } from '@flowline/workflow-schema';
import { bodyErrorToApiError, REQUEST_BODY_LIMIT_BYTES } from './request-bodies';

describe('request bodies', () => {
  it('admits any definition the schema allows, even pretty-printed', () => {
    expect(REQUEST_BODY_LIMIT_BYTES).toBeGreaterThan(DEFAULT_WORKFLOW_LIMITS.maxDefinitionBytes);
  });

  it('answers an oversize body with 413 in the envelope', () => {
    const error = bodyErrorToApiError(
      Object.assign(new Error('request entity too large'), { type: 'entity.too.large', status: 413 }),
    );
    expect(error?.getStatus()).toBe(413);
    expect(error?.getResponse()).toMatchObject({ ok: false, error: 'payload_too_large' });
  });

  it('answers malformed JSON with 400 without quoting the body', () => {
    const parseError = Object.assign(new SyntaxError('Unexpected token in "{"value": sup3r-s3cret'), {
      type: 'entity.parse.failed',
      status: 400,
    });
    const error = bodyErrorToApiError(parseError);
    expect(error?.getStatus()).toBe(400);
    expect(JSON.stringify(error?.getResponse())).not.toContain('sup3r-s3cret');
  });

  it('passes other body-parser client errors on as 4xx, and leaves other errors alone', () => {
    expect(bodyErrorToApiError({ type: 'charset.unsupported', status: 415 })?.getStatus()).toBe(415);
    expect(bodyErrorToApiError(new Error('boom'))).toBeUndefined();
    expect(bodyErrorToApiError(undefined)).toBeUndefined();
  });
});
