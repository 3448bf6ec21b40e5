import { randomBytes } from 'node:crypto';
import { createTestNamespace, type LocalGitHubServer, type TestNamespace } from '@flowline/testing';
import {
  DispatchProbe,
  githubAppKeys,
  githubDispatch,
  migrate,
  type RunningExecutor,
  startExecutor,
  startLocalGitHub,
} from '../__tests__/github-harness';

const ORG = `org_github_auth_${randomBytes(4).toString('hex')}`;

describe('executor-github: GitHub App authentication is checked for real', () => {
  let ns: TestNamespace;
  let github: LocalGitHubServer;
  let executor: RunningExecutor;
  let probe: DispatchProbe;

  beforeAll(async () => {
    ns = await createTestNamespace('executor-github-auth');
    github = await startLocalGitHub(githubAppKeys().publicKey);
    github.addRepository({ owner: 'my-org', repo: 'svc-a', installationId: 9001 });
    await migrate(ns);
    // Signs its JWTs with a key GitHub does not know for this app.
    executor = await startExecutor(ns, github, githubAppKeys().privateKey);
    probe = await DispatchProbe.start(ns);
  });

  afterAll(async () => {
    await probe?.close();
    await executor?.close();
    await github?.close();
    await ns?.dispose();
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
