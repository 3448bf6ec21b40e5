import { randomBytes } from 'node:crypto';
import { NodeCompletedMessage, validateMessage } from '@flowline/contracts';
import { type LocalGitHubServer, type NodeDispatchProbe } from '@flowline/testing';
import { GitHubTestbed, githubDispatch } from '../__tests__/github-harness';

const ORG = `org_github_${randomBytes(4).toString('hex')}`;
const INSTALLATION = 7001;

describe('executor-github: dispatches against a real local GitHub API, Kafka and PostgreSQL', () => {
  let github: LocalGitHubServer;
  let probe: NodeDispatchProbe;
  let bed: GitHubTestbed;

  beforeAll(async () => {
    // Polling far away: reporting nodes stay IN_PROGRESS in this file.
    bed = await GitHubTestbed.start('executor-github', {
      repositories: [
        {
          owner: 'my-org',
          repo: 'svc-a',
          installationId: INSTALLATION,
          workflows: {
            'deploy.yml': {
              inputs: ['environment', 'replicas', 'debug', 'settings', 'flowline_run'],
              runName: 'deploy ${{ inputs.flowline_run }}',
            },
            'plain.yml': {},
          },
        },
        {
          owner: 'my-org',
          repo: 'legacy',
          installationId: INSTALLATION,
          defaultBranch: 'trunk',
          workflows: { 'release.yml': { inputs: ['version'] } },
        },
      ],
      env: { GITHUB_STATUS_POLL_AFTER_MS: '3600000' },
    });
    ({ github, probe } = bed);
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('dispatches a GITHUB node with its ref, stringified inputs and an installation token; SUCCESS with the run', async () => {
    const dispatch = githubDispatch(ORG, {
      type: 'GITHUB',
      org: 'my-org',
      repo: '{{ .outputs.trigger.service }}',
      workflow: 'deploy.yml',
      workflowInputs: {
        ref: 'release/1.2',
        environment: '{{ .outputs.trigger.environment }}',
        replicas: '{{ .outputs.trigger.replicas }}',
        debug: false,
        settings: { region: 'eu', zones: [1, 2] },
      },
      reportWorkflowStatus: false,
    });
    await probe.send(dispatch);
    const result = await probe.waitForResult(dispatch, 'COMPLETED');

    expect(validateMessage(NodeCompletedMessage, result).ok).toBe(true);
    const sent = github.dispatches.find((d) => d.inputs.flowline_run === dispatch.idempotencyKey);
    expect(sent).toMatchObject({
      owner: 'my-org',
      repo: 'svc-a',
      workflow: 'deploy.yml',
      ref: 'release/1.2',
      installationId: INSTALLATION,
      returnRunDetails: true,
      inputs: {
        environment: 'production',
        replicas: '3',
        debug: 'false',
        settings: '{"region":"eu","zones":[1,2]}',
        flowline_run: dispatch.idempotencyKey,
      },
    });
    expect(result).toMatchObject({
      status: 'COMPLETED',
      result: 'SUCCESS',
      output: { runId: sent?.runId, runUrl: `${github.baseUrl}/my-org/svc-a/actions/runs/${sent?.runId}` },
    });

    // The app JWT found the installation and got a token; the dispatch carried that token.
    const calls = github.requests.map((r) => `${r.method} ${r.path} ${r.auth} ${r.status}`);
    expect(calls).toEqual(
      expect.arrayContaining([
        'GET /repos/my-org/svc-a/installation app-jwt 200',
        `POST /app/installations/${INSTALLATION}/access_tokens app-jwt 201`,
        'POST /repos/my-org/svc-a/actions/workflows/deploy.yml/dispatches installation-token 200',
      ]),
    );
  });

  it('fails a node with more than 10 inputs, not retryable, without calling GitHub', async () => {
    const before = github.requests.length;
    const inputs = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`input${i}`, `v${i}`]));
    const dispatch = githubDispatch(ORG, {
      type: 'GITHUB',
      org: 'my-org',
      repo: 'svc-a',
      workflow: 'deploy.yml',
      workflowInputs: inputs,
    });
    await probe.send(dispatch);
    const result = await probe.waitForResult(dispatch, 'COMPLETED');
    expect(result).toMatchObject({
      result: 'FAILED',
      failure: {
        code: 'INVALID_INPUTS',
        retryable: false,
        message: expect.stringContaining(
          'GitHub accepts at most 10 workflow_dispatch inputs; this node sends 11',
        ),
      },
    });
    expect(github.requests.length).toBe(before);
  });

  it('drops the idempotency input for a workflow that does not declare it, and defaults ref to the default branch', async () => {
    const dispatch = githubDispatch(ORG, {
      type: 'INTEGRATION_ACTION',
      installationId: 'github-app-123',
      integrationProvider: 'github-ocean',
      integrationInvocationType: 'dispatch_workflow',
      integrationActionExecutionProperties: {
        org: 'my-org',
        repo: 'legacy',
        workflow: 'release.yml',
        workflowInputs: { version: 7 },
        reportWorkflowStatus: 'false',
      },
    });
    await probe.send(dispatch);
    const result = await probe.waitForResult(dispatch, 'COMPLETED');
    expect(result.result).toBe('SUCCESS');
    const attempts = github.requests.filter(
      (r) => r.path === '/repos/my-org/legacy/actions/workflows/release.yml/dispatches',
    );
    expect(attempts.map((r) => r.status)).toEqual([422, 200]);
    expect(github.dispatches.filter((d) => d.repo === 'legacy')).toEqual([
      expect.objectContaining({ ref: 'trunk', inputs: { version: '7' } }),
    ]);
  });

  it('finds the run by listing runs when GitHub does not return it from the dispatch', async () => {
    github.returnRunDetails = false;
    try {
      const dispatch = githubDispatch(ORG, {
        type: 'GITHUB',
        org: 'my-org',
        repo: 'svc-a',
        workflow: 'plain.yml',
      });
      await probe.send(dispatch);
      const progress = await probe.waitForResult(dispatch, 'IN_PROGRESS');
      const sent = github.dispatches.at(-1);
      expect(progress.output).toEqual({
        runId: sent?.runId,
        runUrl: `${github.baseUrl}/my-org/svc-a/actions/runs/${sent?.runId}`,
      });
      const listed = github.requests.find(
        (r) => r.path === '/repos/my-org/svc-a/actions/workflows/plain.yml/runs',
      );
      expect(listed?.query).toMatchObject({
        event: 'workflow_dispatch',
        branch: 'main',
        created: expect.stringMatching(/^>=\d{4}-/),
      });
    } finally {
      github.returnRunDetails = true;
    }
  });

  it('fails, not retryable, when the app is not installed on the repository', async () => {
    const dispatch = githubDispatch(ORG, {
      type: 'GITHUB',
      org: 'someone-else',
      repo: 'private',
      workflow: 'deploy.yml',
    });
    await probe.send(dispatch);
    const result = await probe.waitForResult(dispatch, 'COMPLETED');
    expect(result).toMatchObject({
      result: 'FAILED',
      failure: {
        code: 'GITHUB_NOT_FOUND',
        retryable: false,
        message:
          'finding the GitHub App installation of someone-else/private: GitHub answered 404: Not Found',
      },
    });
  });

  it('refuses a config that is not a GitHub dispatch', async () => {
    const dispatch = githubDispatch(ORG, { type: 'GITHUB', repo: 'svc-a', workflow: 'deploy.yml' });
    await probe.send(dispatch);
    const result = await probe.waitForResult(dispatch, 'COMPLETED');
    expect(result.failure).toEqual({
      code: 'INVALID_CONFIG',
      message: 'invalid GitHub dispatch config: org is required (or repo as "owner/name")',
      retryable: false,
    });
  });
});
