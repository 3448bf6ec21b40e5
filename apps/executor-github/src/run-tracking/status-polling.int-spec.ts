import { randomBytes } from 'node:crypto';
import { NodeCompletedMessage, validateMessage } from '@flowline/contracts';
import {
  type LocalGitHubServer,
  type NodeDispatchProbe,
  type TestNamespace,
  waitFor,
} from '@flowline/testing';
import { dispatchedRunRow, GitHubTestbed, githubDispatch, WEBHOOK_SECRET } from '../__tests__/github-harness';

const ORG = `org_github_poll_${randomBytes(4).toString('hex')}`;
const POLLING = {
  GITHUB_STATUS_POLL_AFTER_MS: '300',
  GITHUB_STATUS_POLL_INTERVAL_MS: '200',
  // Only one look for the run at dispatch time: finding it later is the sweeper's job.
  GITHUB_RUN_LOOKUP_TIMEOUT_MS: '0',
};

describe('executor-github: run status by polling, durable across restarts', () => {
  let bed: GitHubTestbed;
  let ns: TestNamespace;
  let github: LocalGitHubServer;
  let probe: NodeDispatchProbe;

  beforeAll(async () => {
    bed = await GitHubTestbed.start('executor-github-poll', {
      repositories: [{ owner: 'my-org', repo: 'svc-a', installationId: 8001 }],
      env: POLLING,
    });
    ({ ns, github, probe } = bed);
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('completes a reporting node from polling when no webhook arrives', async () => {
    const dispatch = githubDispatch(ORG, {
      type: 'GITHUB',
      org: 'my-org',
      repo: 'svc-a',
      workflow: 'deploy.yml',
    });
    await probe.send(dispatch);
    const progress = await probe.waitForResult(dispatch, 'IN_PROGRESS');
    const runId = progress.output?.runId as number;
    github.startRun(runId);
    github.completeRun(runId, 'cancelled');

    const completed = await probe.waitForResult(dispatch, 'COMPLETED');
    expect(validateMessage(NodeCompletedMessage, completed).ok).toBe(true);
    expect(completed).toMatchObject({
      result: 'CANCELLED',
      output: { runId, runUrl: progress.output?.runUrl, conclusion: 'cancelled' },
    });
    expect(completed.logs[0].log).toContain('concluded cancelled (from polling)');
    expect(github.requests).toContainEqual(
      expect.objectContaining({
        method: 'GET',
        path: `/repos/my-org/svc-a/actions/runs/${runId}`,
        auth: 'installation-token',
        status: 200,
      }),
    );

    // The webhook arriving late completes nothing a second time.
    const webhookUrl = bed.executor?.webhookUrl ?? '';
    const late = await github.deliverWorkflowRunWebhook(webhookUrl, runId, {
      secret: WEBHOOK_SECRET,
    });
    expect(late.body).toMatchObject({ ok: true, completed: false });
    expect(await dispatchedRunRow(ns, dispatch.nodeRunId)).toMatchObject({
      status: 'COMPLETED',
      conclusion: 'cancelled',
    });
  });

  it('keeps following a run across a restart, and does not dispatch a redelivered attempt again', async () => {
    const dispatch = githubDispatch(ORG, {
      type: 'GITHUB',
      org: 'my-org',
      repo: 'svc-a',
      workflow: 'deploy.yml',
    });
    await probe.send(dispatch);
    const progress = await probe.waitForResult(dispatch, 'IN_PROGRESS');
    const runId = progress.output?.runId as number;

    await bed.stopExecutor();
    github.completeRun(runId, 'success');
    await bed.startExecutor();

    const completed = await probe.waitForResult(dispatch, 'COMPLETED');
    expect(completed).toMatchObject({ result: 'SUCCESS', output: { runId, conclusion: 'success' } });

    // The same dispatch again, to a process that never saw it: answered from the table, not re-run.
    await probe.send(dispatch);
    const repeated = await waitFor(
      () => probe.resultsOf(dispatch).find((r) => r.logs.some((l) => l.log.includes('not dispatched again'))),
      { timeoutMs: 30_000, description: 'the answer to the redelivered dispatch' },
    );
    expect(repeated).toMatchObject({
      status: 'IN_PROGRESS',
      output: { runId, runUrl: progress.output?.runUrl },
    });
    expect(github.dispatches.filter((d) => d.inputs.flowline_run === dispatch.idempotencyKey)).toHaveLength(
      1,
    );
  });

  it('identifies a run GitHub did not name and listed only later, then follows it', async () => {
    github.returnRunDetails = false;
    github.listingDelayMs = 1_500;
    try {
      const dispatch = githubDispatch(ORG, {
        type: 'GITHUB',
        org: 'my-org',
        repo: 'svc-a',
        workflow: 'deploy.yml',
      });
      await probe.send(dispatch);
      const progress = await probe.waitForResult(dispatch, 'IN_PROGRESS');
      expect(progress.output).toEqual({ runId: null, runUrl: null });
      expect(progress.logs.map((l) => l.log)).toContain(
        'GitHub did not name the run and it was not found yet; the status poll keeps looking',
      );

      const run = github.runWithInput('flowline_run', dispatch.idempotencyKey);
      const runId = run?.id as number;
      await waitFor(
        async () => (await dispatchedRunRow(ns, dispatch.nodeRunId))?.github_run_id === String(runId),
        {
          timeoutMs: 30_000,
          description: 'the sweeper to identify the run',
        },
      );
      github.completeRun(runId, 'success');
      const completed = await probe.waitForResult(dispatch, 'COMPLETED');
      expect(completed).toMatchObject({
        result: 'SUCCESS',
        output: {
          runId,
          runUrl: `${github.baseUrl}/my-org/svc-a/actions/runs/${runId}`,
          conclusion: 'success',
        },
      });
    } finally {
      github.returnRunDetails = true;
      github.listingDelayMs = 0;
    }
  });
});
