import { type AxiosInstance } from 'axios';
import type { Browser, Page } from 'playwright-core';
import { LocalOidcIssuer, RecordingSink } from '@flowline/testing';
import { approveThenDeploy } from './console/approval-workflow';
import { graphNode, launchChromium, screenshot, waitForNodeState } from './console/console-browser';
import { deployWithCondition } from './console/deploy-workflow';
import { describeDryRun } from './console/dry-run-checks';
import { gatewayApi } from './harness/gateway-api';
import { nodeOf, type NodeRunView, waitForRun } from './harness/runs';
import { type CreatedClient, RunningSystem } from './harness/system';

/**
 * The console in Debian's Chromium against the whole system, and the dry-run API beside it: one system
 * and one browser for every console test.
 */
describe('the console', () => {
  const orgId = 'org_e2e_console';
  const audience = 'flowline-console-e2e';
  let issuer: LocalOidcIssuer;
  let system: RunningSystem;
  let sink: RecordingSink;
  let api: AxiosInstance;
  let client: CreatedClient;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    sink = await RecordingSink.start();
    // Users from an identity provider, for approvals (only users decide).
    issuer = await LocalOidcIssuer.start();
    system = await RunningSystem.start({
      services: ['workflows', 'triggers', 'orchestrator', 'executor-webhook'],
      commonEnv: { OIDC_ISSUER: issuer.issuer, OIDC_AUDIENCE: audience, OIDC_ORG_CLAIM: 'org_id' },
    });
    client = await system.createClient(orgId);
    api = gatewayApi(system.gatewayUrl, client.accessToken);
    expect((await api.put('/v1/secrets/deploy-token', { value: 's3cr3t-deploy-token' })).status).toBe(201);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    await sink?.close();
    await issuer?.stop();
  });

  describeDryRun(() => ({ api, sink }));

  const open = (hash: string) => page.goto(`${system.gatewayUrl}/console/${hash}`);

  it('signs in with an API client and lists the workflows', async () => {
    expect((await api.post('/v1/workflows', deployWithCondition('deploy-console', slowSink()))).status).toBe(
      201,
    );
    await open('');
    await page.fill('input[name="clientId"]', client.clientId);
    await page.fill('input[name="clientSecret"]', client.clientSecret);
    await page.click('[data-testid="sign-in"]');
    await page.waitForSelector('text=deploy-console');
    await page.fill('[data-testid="workflow-search"]', 'console');
    await page.waitForSelector('a[href="#/workflows/deploy-console"]');
    await screenshot(page, 'signed-in-workflows');
  });

  it('runs "deploy with condition" from its form and turns production green, staging skipped, live', async () => {
    await open('#/workflows/deploy-console');
    await page.waitForSelector('#root_service');
    await page.fill('#root_service', 'payments');
    await page.fill('#root_version', '2.0.1');
    await page.selectOption('#root_environment', { label: 'production' });
    await page.click('[data-testid="submit-run"]');
    await page.waitForURL(/#\/runs\/wfr_/);
    // The production call answers after a delay: the page sees it running, then green without a reload.
    await waitForNodeState(page, 'deploy-prod', 'running');
    await waitForNodeState(page, 'deploy-non-prod', 'skipped');
    await waitForNodeState(page, 'record-deployment', 'succeeded');
    await waitForNodeState(page, 'deploy-prod', 'succeeded');
    for (const node of ['trigger', 'check-env'])
      expect(await graphNode(page, node).getAttribute('data-state')).toBe('succeeded');
    await page.waitForSelector('[data-testid="run-status"]:has-text("SUCCESS")');
    // React Flow may keep a label hidden while it measures; the mark itself is what is checked.
    await page.waitForSelector('text=✔ production', { state: 'attached' });
    const runId = /#\/runs\/(wfr_\w+)/.exec(page.url())?.[1] as string;
    const run = await waitForRun(api, runId);
    expect(run.nodeRuns.map(nodeOf)).toEqual(['trigger', 'check-env', 'deploy-prod', 'record-deployment']);
    await graphNode(page, 'deploy-prod').click();
    await page.waitForSelector('[data-testid="node-run-panel"] >> text=Bearer [secret:deploy-token]');
    await screenshot(page, 'run-production-green');
  });

  it('opens a failed run and retries it from the failed node', async () => {
    sink.failing.add('prod-down');
    const failing = deployWithCondition('deploy-flaky', sink.baseUrl, {
      'deploy-prod': {
        config: {
          type: 'WEBHOOK',
          url: `${sink.baseUrl}/switch/prod-down`,
          method: 'POST',
          body: { service: '{{ .outputs.trigger.service }}' },
        },
      },
    });
    expect((await api.post('/v1/workflows', failing)).status).toBe(201);
    const started = await api.post('/v1/workflows/deploy-flaky/runs', {
      inputs: { service: 'payments', version: '2.0.2', environment: 'production' },
    });
    expect(started.status).toBe(201);
    const failedRun = await waitForRun(api, started.data.workflowRun.identifier);
    expect(failedRun.result).toBe('FAILED');

    await open('#/runs?result=FAILED');
    await page.click(`a[href="#/runs/${failedRun.identifier}"]`);
    await waitForNodeState(page, 'deploy-prod', 'failed');
    await waitForNodeState(page, 'record-deployment', 'not-reached');
    await graphNode(page, 'deploy-prod').click();
    await page.waitForSelector('[data-testid="node-run-panel"] >> text=Attempts');
    await screenshot(page, 'run-failed');

    sink.failing.delete('prod-down');
    await page.click('[data-testid="retry-run"]');
    await page.waitForURL((url) => !url.hash.includes(failedRun.identifier));
    await waitForNodeState(page, 'deploy-prod', 'succeeded');
    await waitForNodeState(page, 'record-deployment', 'succeeded');
    await page.waitForSelector(`text=retry of ${failedRun.identifier}`);
    const retryId = /#\/runs\/(wfr_\w+)/.exec(page.url())?.[1] as string;
    const retried = await waitForRun(api, retryId);
    expect(retried.result).toBe('SUCCESS');
    // The trigger and the condition were taken over, not run again: one call per attempt at production.
    expect(sink.calls('/switch/prod-down')).toHaveLength(2);
    await screenshot(page, 'run-retried');
  });

  it("shows the API's 422 at the field", async () => {
    await open('#/workflows/deploy-console');
    await page.waitForSelector('#root_service');
    await page.fill('#root_service', 'payments');
    await page.click('[data-testid="submit-run"]');
    const versionError = page.locator('#root_version__error');
    await versionError.waitFor();
    expect(await versionError.textContent()).toContain('"version" is required');
    expect(page.url()).toContain('#/workflows/deploy-console');
    await screenshot(page, 'form-422');
  });

  it('dry-runs from the form: the staging path and what each node would send', async () => {
    await open('#/workflows/deploy-console');
    await page.waitForSelector('#root_service');
    await page.fill('#root_service', 'payments');
    await page.fill('#root_version', '2.0.3');
    await page.selectOption('#root_environment', { label: 'staging' });
    await page.click('[data-testid="dry-run"]');
    const path = page.locator('[data-testid="dry-run-path"]');
    await path.waitFor();
    expect(await path.textContent()).toBe('trigger → check-env → deploy-non-prod → record-deployment');
    await page.waitForSelector('[data-testid="dry-run-result"] >> text=not reached: deploy-prod');
    await screenshot(page, 'dry-run-staging');
  });

  it("streams run events only to the run's org, and ends the stream of a completed run", async () => {
    const [run] = (
      await api.get('/v1/workflows/runs', { params: { 'workflowIdentifiers[]': 'deploy-console' } })
    ).data.workflowRuns as Array<{ identifier: string; status: string }>;
    expect(run.status).toBe('COMPLETED');
    const url = `${system.gatewayUrl}/v1/workflows/runs/${run.identifier}/events`;
    const own = await fetch(url, { headers: { authorization: `Bearer ${client.accessToken}` } });
    expect([own.status, own.headers.get('content-type')]).toEqual([200, 'text/event-stream; charset=utf-8']);
    expect(await own.text()).toBe(
      `event: run\ndata: ${JSON.stringify({ runId: run.identifier, status: 'COMPLETED', result: 'SUCCESS' })}\n\n`,
    );
    const stranger = await system.createClient('org_e2e_console_other');
    const other = await fetch(url, { headers: { authorization: `Bearer ${stranger.accessToken}` } });
    expect(other.status).toBe(404);
  });

  it('approves a waiting INPUT node as a signed-in user, and the deploy after it then succeeds', async () => {
    const userToken = (sub: string, email: string) =>
      issuer.sign({ sub, email, org_id: orgId }, { audience });
    expect(
      (
        await api.post(
          '/v1/workflows',
          approveThenDeploy('approve-console', sink.baseUrl, ['alice@acme.io', 'bob@acme.io']),
        )
      ).status,
    ).toBe(201);
    const started = await api.post('/v1/workflows/approve-console/runs', { inputs: {} });
    expect(started.status).toBe(201);
    const runId = started.data.workflowRun.identifier as string;
    const approvalOf = (run: { nodeRuns: NodeRunView[] }) =>
      run.nodeRuns.find((n) => nodeOf(n) === 'approval');
    const waiting = await waitForRun(api, runId, (run) => approvalOf(run) !== undefined);
    const nodeRunId = (approvalOf(waiting) as NodeRunView).identifier;
    // Bob decides through the API first: one of the two approvals needed.
    const bob = gatewayApi(system.gatewayUrl, await userToken('u-bob', 'bob@acme.io'));
    const first = await bob.patch(`/v1/workflows/runs/${runId}/nodes/${nodeRunId}/approval`, {
      status: 'APPROVE',
    });
    expect([first.status, first.data.approval.status]).toEqual([200, 'WAITING_FOR_APPROVAL']);

    await page.click('button:has-text("Sign out")');
    await page.fill('textarea[name="token"]', await userToken('u-alice', 'alice@acme.io'));
    await page.click('button:has-text("Use token")');
    await open(`#/runs/${runId}`);
    await waitForNodeState(page, 'approval', 'waiting');
    await graphNode(page, 'approval').click();
    const panel = page.locator('[data-testid="approval"]');
    await panel.locator('text=APPROVE by bob@acme.io').waitFor();
    expect(await panel.textContent()).toContain('alice@acme.io, bob@acme.io · 2 approvals needed');
    await panel.locator('input[name="approval-description"]').fill('ship it');
    await screenshot(page, 'approval-waiting');
    await page.click('[data-testid="approve"]');
    await waitForNodeState(page, 'approval', 'succeeded');
    await waitForNodeState(page, 'deploy', 'succeeded');
    await panel.locator('text=APPROVE by alice@acme.io').waitFor();
    await screenshot(page, 'approval-approved');

    const run = await waitForRun(api, runId);
    expect(run.result).toBe('SUCCESS');
    expect(run.nodeRuns.map(nodeOf)).toEqual(['trigger', 'approval', 'deploy']);
    expect(approvalOf(run)?.output).toMatchObject({ decision: 'APPROVE', description: 'ship it' });
    expect(sink.calls('/deploy/approved')).toHaveLength(1);
  });

  /** The production deploy answers after 1.5 s, so the run is visibly in progress first. */
  function slowSink(): string {
    return `${sink.baseUrl}/delay/1500`;
  }
});
