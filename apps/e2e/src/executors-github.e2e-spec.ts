import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { type AxiosInstance } from 'axios';
import { deliverGitHubWebhook, LocalGitHubServer, waitFor } from '@flowline/testing';
import { createAction, runAction, selfService, waitForActionRun } from './harness/action-api';
import { gatewayApi } from './harness/gateway-api';
import { getRun, type NodeRunView, type RunView, waitForRun } from './harness/runs';
import { RunningSystem } from './harness/system';
import {
  createWorkflow as createWorkflowVia,
  type Json,
  nodeRunOf,
  selfServe,
  startRun as startRunVia,
  twoNodes,
  waitForNodeInProgress as waitForNodeInProgressVia,
} from './harness/workflow-api';

const ORG = 'org_e2e_github';
const GITHUB_APP_ID = '31337';
const GITHUB_INSTALLATION = 52001;
const GITHUB_WEBHOOK_SECRET = `whsec-e2e-${randomBytes(12).toString('hex')}`;

/**
 * GITHUB and INTEGRATION_ACTION nodes end to end against a local GitHub API (dispatch, signed webhooks,
 * polling), and a pull worker claiming a non-GitHub integration's node run through the gateway.
 */
describe('the GitHub executor and pull workers through the whole system', () => {
  let github: LocalGitHubServer;
  let system: RunningSystem;
  let api: AxiosInstance;
  const createWorkflow = (definition: Json) => createWorkflowVia(api, definition);
  const startRun = (workflow: string, inputs: Json) => startRunVia(api, workflow, inputs);
  const waitForNodeInProgress = (runId: string, node: string, ready?: (nodeRun: NodeRunView) => boolean) =>
    waitForNodeInProgressVia(api, runId, node, ready);

  beforeAll(async () => {
    // The GitHub App's key pair: the executor signs app JWTs with the private key, the local GitHub
    // verifies them with the public one (GitHub issues PKCS#1 private keys).
    const keys = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    });
    github = await LocalGitHubServer.start({ appId: GITHUB_APP_ID, appPublicKey: keys.publicKey });
    github.addRepository({
      owner: 'acme',
      repo: 'checkout',
      installationId: GITHUB_INSTALLATION,
      defaultBranch: 'trunk',
      workflows: {
        'deploy.yml': {
          inputs: ['environment', 'replicas', 'flowline_run'],
          runName: 'deploy ${{ inputs.flowline_run }}',
        },
      },
    });
    system = await RunningSystem.start({
      services: ['workflows', 'triggers', 'orchestrator', 'executor-github'],
      env: {
        'executor-github': {
          GITHUB_API_URL: github.baseUrl,
          GITHUB_APP_ID,
          // As an environment variable usually carries a PEM: line breaks escaped.
          GITHUB_APP_PRIVATE_KEY: keys.privateKey.replace(/\n/g, '\\n'),
          GITHUB_WEBHOOK_SECRET,
          // Polling soon and often, so the polling case completes within the test.
          GITHUB_STATUS_POLL_AFTER_MS: '500',
          GITHUB_STATUS_POLL_INTERVAL_MS: '500',
        },
      },
    });
    const client = await system.createClient(ORG);
    api = gatewayApi(system.gatewayUrl, client.accessToken);
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
    await github?.close();
  });

  it('dispatches a GITHUB node with its ref, inputs and an installation token, and completes it from a signed workflow_run webhook; a bad signature is refused', async () => {
    const workflow = await createWorkflow(githubDeploy());
    const runId = await startRun(workflow, { environment: 'production' });
    const waiting = await waitForNodeInProgress(
      runId,
      'deploy',
      (n) => typeof n.output['runId'] === 'number',
    );
    const key = `${waiting.identifier}:1`;
    const githubRunId = waiting.output['runId'] as number;

    const dispatch = github.dispatches.find((candidate) => candidate.inputs['flowline_run'] === key);
    expect(dispatch).toEqual({
      owner: 'acme',
      repo: 'checkout',
      workflow: 'deploy.yml',
      ref: 'release/2.0',
      inputs: { environment: 'production', replicas: '3', flowline_run: key },
      installationId: GITHUB_INSTALLATION,
      returnRunDetails: true,
      runId: githubRunId,
    });
    const runUrl = `${github.baseUrl}/acme/checkout/actions/runs/${githubRunId}`;
    expect(waiting.output).toEqual({ runId: githubRunId, runUrl });
    // The app JWT found the installation and got its token; the dispatch carried that token.
    const calls = github.requests.map(
      (r) => `${r.method} ${r.path} ${r.auth} ${r.installationId ?? '-'} ${r.status}`,
    );
    expect(calls).toEqual(
      expect.arrayContaining([
        'GET /repos/acme/checkout/installation app-jwt - 200',
        `POST /app/installations/${GITHUB_INSTALLATION}/access_tokens app-jwt - 201`,
        `POST /repos/acme/checkout/actions/workflows/deploy.yml/dispatches installation-token ${GITHUB_INSTALLATION} 200`,
      ]),
    );

    // GitHub's API still shows the run in progress, so the poller (every 500 ms here) completes
    // nothing: only a webhook saying the run finished can complete the node.
    github.startRun(githubRunId);
    const finished = github.workflowRunWebhook(githubRunId);
    Object.assign(finished['workflow_run'] as Json, { status: 'completed', conclusion: 'success' });
    const webhookUrl = `${baseUrlOf(system, 'executor-github')}/webhooks/github`;

    const forged = await deliverGitHubWebhook(webhookUrl, 'workflow_run', finished, {
      secret: 'not-the-app-webhook-secret',
    });
    expect(forged).toEqual({
      status: 401,
      body: {
        ok: false,
        error: 'unauthorized',
        message: 'the X-Hub-Signature-256 signature does not match the body',
      },
    });
    const untouched = (await getRun(api, runId)) as RunView;
    expect(untouched.status).toBe('IN_PROGRESS');
    expect(nodeRunOf(untouched, 'deploy')).toMatchObject({
      status: 'IN_PROGRESS',
      result: null,
      output: { runId: githubRunId, runUrl },
    });

    const delivered = await deliverGitHubWebhook(webhookUrl, 'workflow_run', finished, {
      secret: GITHUB_WEBHOOK_SECRET,
    });
    expect(delivered).toEqual({
      status: 200,
      body: { ok: true, completed: true, message: 'completed with success' },
    });
    const run = await waitForRun(api, runId);
    expect(run.result).toBe('SUCCESS');
    expect(nodeRunOf(run, 'deploy')).toMatchObject({
      status: 'COMPLETED',
      result: 'SUCCESS',
      output: { runId: githubRunId, runUrl, conclusion: 'success' },
    });
    expect(github.run(githubRunId)?.status).toBe('in_progress');
  });

  it('completes a GitHub INTEGRATION_ACTION node by polling GitHub when no webhook comes', async () => {
    const workflow = await createWorkflow(githubIntegrationAction());
    const runId = await startRun(workflow, { environment: 'staging' });
    const waiting = await waitForNodeInProgress(
      runId,
      'dispatch',
      (n) => typeof n.output['runId'] === 'number',
    );
    const key = `${waiting.identifier}:1`;
    const githubRunId = waiting.output['runId'] as number;
    // No `ref` input: the repository's default branch.
    expect(github.dispatches.find((candidate) => candidate.inputs['flowline_run'] === key)).toMatchObject({
      owner: 'acme',
      repo: 'checkout',
      workflow: 'deploy.yml',
      ref: 'trunk',
      inputs: { environment: 'staging', flowline_run: key },
      installationId: GITHUB_INSTALLATION,
      runId: githubRunId,
    });

    github.completeRun(githubRunId, 'success');
    const run = await waitForRun(api, runId, undefined, 30_000);
    expect(run.result).toBe('SUCCESS');
    expect(nodeRunOf(run, 'dispatch')).toMatchObject({
      status: 'COMPLETED',
      result: 'SUCCESS',
      output: { runId: githubRunId, conclusion: 'success' },
    });
    // It learnt the conclusion by asking GitHub for the run, with the installation's token.
    expect(
      github.requests.some(
        (r) =>
          r.method === 'GET' &&
          r.path === `/repos/acme/checkout/actions/runs/${githubRunId}` &&
          r.auth === 'installation-token' &&
          r.installationId === GITHUB_INSTALLATION &&
          r.status === 200,
      ),
    ).toBe(true);
  });

  it('lets a pull worker claim, ack and complete a non-GitHub INTEGRATION_ACTION node through the gateway', async () => {
    const workflow = await createWorkflow(gitlabPipeline());
    const runId = await startRun(workflow, { project: 'payments-api' });
    const pending = await waitForNodeInProgress(runId, 'run-pipeline');

    const claimed = await api.post('/v1/workflows/runs/claim-pending', {
      installationId: 'gitlab-e2e',
      visibilityTimeoutMs: 60_000,
    });
    expect(claimed.status).toBe(200);
    expect(claimed.data.nodeRuns).toHaveLength(1);
    const config = {
      type: 'INTEGRATION_ACTION',
      installationId: 'gitlab-e2e',
      integrationProvider: 'GITLAB',
      integrationInvocationType: 'CREATE',
      integrationActionExecutionProperties: { project: 'payments-api', ref: 'main' },
    };
    expect(claimed.data.nodeRuns[0]).toMatchObject({
      identifier: pending.identifier,
      workflowRunIdentifier: runId,
      status: 'IN_PROGRESS',
      installationId: 'gitlab-e2e',
      pendingExecution: true,
      claimedUntil: expect.any(String),
      config,
      node: { identifier: 'run-pipeline', config },
    });

    // Hidden from every claim while the visibility timeout runs (also on the org-scoped path).
    const during = await api.post(`/v1/org/${ORG}/workflows/runs/claim-pending`, {
      installationId: 'gitlab-e2e',
    });
    expect([during.status, during.data]).toEqual([200, { ok: true, nodeRuns: [] }]);

    const ack = await api.patch(`/v1/org/${ORG}/workflows/runs/ack`, {
      nodeRunIdentifier: pending.identifier,
    });
    expect([ack.status, ack.data]).toEqual([200, { ok: true, acked: true }]);
    const again = await api.patch('/v1/workflows/runs/ack', { nodeRunIdentifier: pending.identifier });
    expect(again.status).toBe(409);

    const done = await api.patch(`/v1/workflows/nodes/runs/${pending.identifier}`, {
      status: 'COMPLETED',
      result: 'SUCCESS',
      output: { pipelineUrl: 'https://gitlab.example.com/acme/payments-api/-/pipelines/7' },
      logs: [{ logLevel: 'INFO', log: 'pipeline 7 passed' }],
    });
    expect(done.status).toBe(200);
    const run = await waitForRun(api, runId);
    expect(run.result).toBe('SUCCESS');
    expect(run.variables.outputs['run-pipeline']).toEqual({
      pipelineUrl: 'https://gitlab.example.com/acme/payments-api/-/pipelines/7',
    });
    expect(nodeRunOf(run, 'run-pipeline').nodeRunLogs.map((line) => line.log)).toContain('pipeline 7 passed');
  });

  it('runs a GITHUB action: its workflowInputs rendered from the action’s inputs, the action run ending with the workflow’s result', async () => {
    await createAction(api, {
      identifier: 'deploy-via-github',
      title: 'Deploy (GitHub Actions)',
      trigger: selfService({ properties: { environment: { type: 'string' } }, required: ['environment'] }),
      invocationMethod: {
        type: 'GITHUB',
        org: 'acme',
        repo: 'checkout',
        workflow: 'deploy.yml',
        workflowInputs: { environment: '{{ .inputs.environment }}', replicas: 2 },
        reportWorkflowStatus: true,
      },
    });
    const run = await runAction(api, 'deploy-via-github', { properties: { environment: 'canary' } });
    const actionRunId = run['id'] as string;
    const dispatch = await waitFor(
      () => github.dispatches.find((candidate) => candidate.inputs['environment'] === 'canary'),
      { timeoutMs: 60_000, description: 'the GitHub workflow dispatch of the action run' },
    );
    expect(dispatch).toMatchObject({
      owner: 'acme',
      repo: 'checkout',
      workflow: 'deploy.yml',
      ref: 'trunk',
      inputs: { environment: 'canary', replicas: '2' },
      installationId: GITHUB_INSTALLATION,
    });
    expect((await api.get(`/v1/actions/runs/${actionRunId}`)).data.run.status).toBe('IN_PROGRESS');

    github.completeRun(dispatch.runId as number, 'failure');
    const ended = await waitForActionRun(api, actionRunId, 'FAILURE');
    expect(ended).toMatchObject({ action: { identifier: 'deploy-via-github' }, endedAt: expect.any(String) });
  });

  it('runs an INTEGRATION_ACTION action through a pull worker: claimed, completed, and the action run SUCCESS', async () => {
    const execution = { project: 'payments-api', ref: '{{ .inputs.ref }}' };
    await createAction(api, {
      identifier: 'pipeline-via-worker',
      trigger: selfService({ properties: { ref: { type: 'string' } }, required: ['ref'] }),
      invocationMethod: {
        type: 'INTEGRATION_ACTION',
        installationId: 'gitlab-actions-e2e',
        integrationProvider: 'GITLAB',
        integrationInvocationType: 'CREATE',
        integrationActionExecutionProperties: execution,
      },
    });
    const run = await runAction(api, 'pipeline-via-worker', { properties: { ref: 'release-7' } });
    const claimed = await waitFor(
      async () => {
        const answer = await api.post('/v1/workflows/runs/claim-pending', {
          installationId: 'gitlab-actions-e2e',
          visibilityTimeoutMs: 60_000,
        });
        return answer.data.nodeRuns?.length ? (answer.data.nodeRuns[0] as Json) : undefined;
      },
      { timeoutMs: 60_000, description: 'the action run’s node run, claimable' },
    );
    expect(claimed['config']).toMatchObject({
      type: 'INTEGRATION_ACTION',
      integrationProvider: 'GITLAB',
      integrationActionExecutionProperties: { project: 'payments-api', ref: 'release-7' },
    });
    const done = await api.patch(`/v1/workflows/nodes/runs/${claimed['identifier'] as string}`, {
      status: 'COMPLETED',
      result: 'SUCCESS',
      output: { pipeline: 8 },
    });
    expect(done.status).toBe(200);
    await waitForActionRun(api, run['id'] as string, 'SUCCESS');
  });
});

function baseUrlOf(system: RunningSystem, app: 'executor-github'): string {
  const service = system.processes.get(app);
  if (!service) throw new Error(`${app} is not running`);
  return service.baseUrl;
}

function githubDeploy(): Json {
  return twoNodes('github-deploy', selfServe({ environment: { type: 'string' } }), {
    identifier: 'deploy',
    config: {
      type: 'GITHUB',
      org: 'acme',
      repo: 'checkout',
      workflow: 'deploy.yml',
      workflowInputs: {
        ref: 'release/2.0',
        environment: '{{ .outputs.trigger.environment }}',
        replicas: 3,
      },
      reportWorkflowStatus: true,
    },
  });
}

/** The beta's INTEGRATION_ACTION spelling of a GitHub dispatch. */
function githubIntegrationAction(): Json {
  return twoNodes('github-integration-action', selfServe({ environment: { type: 'string' } }), {
    identifier: 'dispatch',
    config: {
      type: 'INTEGRATION_ACTION',
      installationId: 'github-app',
      integrationProvider: 'GITHUB',
      integrationInvocationType: 'CREATE',
      integrationActionExecutionProperties: {
        repo: 'acme/checkout',
        workflowId: 'deploy.yml',
        inputs: { environment: '{{ .outputs.trigger.environment }}' },
        reportStatus: true,
      },
    },
  });
}

/** A GitLab installation's node: no executor runs it, its pull worker claims it. */
function gitlabPipeline(): Json {
  return twoNodes('gitlab-pipeline', selfServe({ project: { type: 'string' } }), {
    identifier: 'run-pipeline',
    config: {
      type: 'INTEGRATION_ACTION',
      installationId: 'gitlab-e2e',
      integrationProvider: 'GITLAB',
      integrationInvocationType: 'CREATE',
      integrationActionExecutionProperties: { project: '{{ .outputs.trigger.project }}', ref: 'main' },
    },
  });
}
