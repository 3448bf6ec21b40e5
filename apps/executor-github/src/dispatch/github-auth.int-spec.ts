import { randomBytes } from 'node:crypto';
import { type LocalGitHubServer, type NodeDispatchProbe } from '@flowline/testing';
import { GitHubTestbed, githubDispatch } from '../__tests__/github-harness';

const ORG = `org_github_auth_${randomBytes(4).toString('hex')}`;

describe('executor-github: GitHub App authentication is checked for real', () => {
  let github: LocalGitHubServer;
  let probe: NodeDispatchProbe;
  let bed: GitHubTestbed;

  beforeAll(async () => {
    // The executor signs its JWTs with a key GitHub does not know for this app.
    bed = await GitHubTestbed.start('executor-github-auth', {
      repositories: [{ owner: 'my-org', repo: 'svc-a', installationId: 9001 }],
      appKey: 'unknown',
    });
    ({ github, probe } = bed);
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('fails the node, not retryable, when GitHub refuses the app JWT', async () => {
    const dispatch = githubDispatch(ORG, {
      type: 'GITHUB',
      org: 'my-org',
      repo: 'svc-a',
      workflow: 'deploy.yml',
    });
    await probe.send(dispatch);
    const result = await probe.waitForResult(dispatch, 'COMPLETED');
    expect(result).toMatchObject({
      result: 'FAILED',
      failure: {
        code: 'GITHUB_AUTH_FAILED',
        retryable: false,
        message: expect.stringContaining('GitHub answered 401: A JSON web token could not be decoded'),
      },
    });
    expect(github.requests).toEqual([
      expect.objectContaining({ path: '/repos/my-org/svc-a/installation', auth: 'invalid', status: 401 }),
    ]);
    expect(github.dispatches).toEqual([]);
  });
});
