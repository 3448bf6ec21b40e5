import { randomBytes } from 'node:crypto';
import { NodeCompletedMessage, validateMessage } from '@flowline/contracts';
import {
  deliverGitHubWebhook,
  type LocalGitHubServer,
  type NodeDispatchProbe,
  type TestNamespace,
} from '@flowline/testing';
import {
  dispatchedRunRow,
  GitHubTestbed,
  githubDispatch,
  type RunningExecutor,
  WEBHOOK_SECRET,
} from '../__tests__/github-harness';

const ORG = `org_github_hook_${randomBytes(4).toString('hex')}`;
const INSTALLATION = 7001;

describe('executor-github: run status from signed workflow_run webhooks', () => {
  let ns: TestNamespace;
  let github: LocalGitHubServer;
  let executor: RunningExecutor;
  let probe: NodeDispatchProbe;
  let bed: GitHubTestbed;

  beforeAll(async () => {
    // Polling far away: in this file, completion comes from webhooks only.
    bed = await GitHubTestbed.start('executor-github-webhooks', {
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
      ],
      env: { GITHUB_STATUS_POLL_AFTER_MS: '3600000' },
    });
    ({ ns, github, probe } = bed);
    executor = bed.executor as RunningExecutor;
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('keeps a reporting node IN_PROGRESS with the run, and completes it from a signed workflow_run webhook', async () => {
    // The beta INTEGRATION_ACTION spelling; status reporting is on by default.
    const dispatch = githubDispatch(ORG, {
      type: 'INTEGRATION_ACTION',
      installationId: 'github-app-123',
      integrationProvider: 'GITHUB',
      integrationInvocationType: 'CREATE',
      integrationActionExecutionProperties: {
        repo: 'my-org/svc-a',
        workflowId: 'deploy.yml',
        inputs: { environment: '{{ .outputs.trigger.environment }}' },
      },
    });
    await probe.send(dispatch);
    const progress = await probe.waitForResult(dispatch, 'IN_PROGRESS');
    const runId = github.runWithInput('flowline_run', dispatch.idempotencyKey)?.id as number;
    expect(progress.output).toEqual({
      runId,
      runUrl: `${github.baseUrl}/my-org/svc-a/actions/runs/${runId}`,
    });
    expect(progress.result).toBeUndefined();

    github.completeRun(runId, 'success');
    const delivered = await github.deliverWorkflowRunWebhook(executor.webhookUrl, runId, {
      secret: WEBHOOK_SECRET,
    });
    expect(delivered).toEqual({
      status: 200,
      body: { ok: true, completed: true, message: 'completed with success' },
    });
    const completed = await probe.waitForResult(dispatch, 'COMPLETED');
    expect(validateMessage(NodeCompletedMessage, completed).ok).toBe(true);
    expect(completed).toMatchObject({
      result: 'SUCCESS',
      attempt: 1,
      output: { runId, runUrl: progress.output?.runUrl, conclusion: 'success' },
    });

    // GitHub redelivers: acknowledged, and nothing is completed twice.
    const again = await github.deliverWorkflowRunWebhook(executor.webhookUrl, runId, {
      secret: WEBHOOK_SECRET,
    });
    expect(again).toEqual({
      status: 200,
      body: { ok: true, completed: false, message: expect.stringContaining('already completed') },
    });
    expect(await dispatchedRunRow(ns, dispatch.nodeRunId)).toEqual({
      status: 'COMPLETED',
      conclusion: 'success',
      github_run_id: String(runId),
    });
  });

  it('refuses a webhook with a bad signature (401) and changes nothing; the right one then fails the node', async () => {
    const dispatch = githubDispatch(ORG, {
      type: 'INTEGRATION_ACTION',
      installationId: 'github-app-123',
      integrationProvider: 'github-ocean',
      integrationInvocationType: 'dispatch_workflow',
      integrationActionExecutionProperties: {
        org: 'my-org',
        repo: 'svc-a',
        workflow: 'deploy.yml',
        reportWorkflowStatus: true,
      },
    });
    await probe.send(dispatch);
    const progress = await probe.waitForResult(dispatch, 'IN_PROGRESS');
    const runId = progress.output?.runId as number;
    github.completeRun(runId, 'failure');

    const forged = await github.deliverWorkflowRunWebhook(executor.webhookUrl, runId, {
      secret: 'not-the-webhook-secret',
    });
    expect(forged).toEqual({
      status: 401,
      body: {
        ok: false,
        error: 'unauthorized',
        message: 'the X-Hub-Signature-256 signature does not match the body',
      },
    });
    const unsigned = await github.deliverWorkflowRunWebhook(executor.webhookUrl, runId, {
      secret: WEBHOOK_SECRET,
      signature: '',
    });
    expect(unsigned.status).toBe(401);

    // Still waiting (the completion would have committed before the answer): a later, correctly signed
    // delivery is what completes it.
    expect(await dispatchedRunRow(ns, dispatch.nodeRunId)).toMatchObject({
      status: 'WAITING',
      conclusion: null,
    });
    expect(probe.resultsOf(dispatch).map((r) => r.status)).toEqual(['IN_PROGRESS']);
    const delivered = await github.deliverWorkflowRunWebhook(executor.webhookUrl, runId, {
      secret: WEBHOOK_SECRET,
    });
    expect(delivered.body).toMatchObject({ completed: true });
    const completed = await probe.waitForResult(dispatch, 'COMPLETED');
    expect(completed).toMatchObject({
      result: 'FAILED',
      output: { runId, conclusion: 'failure' },
      failure: { code: 'GITHUB_RUN_FAILED', retryable: false },
    });
  });

  it('acknowledges signed events it has no use for, and refuses unsigned ones', async () => {
    const unsigned = await fetch(executor.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'ping' },
      body: '{"zen":"Keep it logically awesome."}',
    });
    expect(unsigned.status).toBe(401);
    const ping = await deliverGitHubWebhook(
      executor.webhookUrl,
      'ping',
      { zen: 'Design for failure.' },
      { secret: WEBHOOK_SECRET },
    );
    expect(ping).toEqual({ status: 200, body: { ok: true, completed: false, message: 'pong' } });
    const run = github.dispatches[0].runId;
    const inProgress = await github.deliverWorkflowRunWebhook(executor.webhookUrl, run, {
      secret: WEBHOOK_SECRET,
      action: 'in_progress',
    });
    expect(inProgress).toEqual({
      status: 200,
      body: { ok: true, completed: false, message: 'workflow_run in_progress is not used' },
    });
  });
});
