import { createHmac } from 'node:crypto';
import { githubSignature, verifyGithubSignature } from './github-signature';

const SECRET = 'a-webhook-secret-for-tests';
const BODY = Buffer.from('{"action":"completed","workflow_run":{"id":1}}');

describe('GitHub webhook signatures', () => {
  it("computes GitHub's sha256= hex HMAC of the raw body", () => {
    const hex = createHmac('sha256', SECRET).update(BODY).digest('hex');
    expect(githubSignature(SECRET, BODY)).toBe(`sha256=${hex}`);
  });

  it('accepts the right signature (also upper-case hex, or as a string body)', () => {
    const signature = githubSignature(SECRET, BODY);
    expect(verifyGithubSignature(SECRET, BODY, signature)).toBe(true);
    expect(verifyGithubSignature(SECRET, BODY.toString(), `sha256=${signature.slice(7).toUpperCase()}`)).toBe(
      true,
    );
  });

  it('refuses another secret, a changed body, a missing, malformed or sha1 signature', () => {
    const signature = githubSignature(SECRET, BODY);
    expect(verifyGithubSignature('another-secret-entirely', BODY, signature)).toBe(false);
    expect(verifyGithubSignature(SECRET, Buffer.from(`${BODY.toString()} `), signature)).toBe(false);
    expect(verifyGithubSignature(SECRET, BODY, undefined)).toBe(false);
    expect(verifyGithubSignature(SECRET, BODY, 'sha256=abc')).toBe(false);
    expect(verifyGithubSignature(SECRET, BODY, `sha1=${'0'.repeat(40)}`)).toBe(false);
    expect(verifyGithubSignature(SECRET, BODY, [signature])).toBe(true);
  });
});
