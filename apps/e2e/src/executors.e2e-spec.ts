import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { type AxiosInstance } from 'axios';
import { deliverGitHubWebhook, LocalGitHubServer, TestKafka, waitFor } from '@flowline/testing';
import { gatewayApi } from './harness/gateway-api';
import { getRun, type NodeRunView, nodeOf, type RunView, runsOf, waitForRun } from './harness/runs';
import { waitForLogLine } from './harness/service-logs';
import { RunningSystem } from './harness/system';

const ORG = 'org_e2e_executors';
/** Low, so a self-retriggering workflow hits the limit quickly. */
const MAX_CHAIN_DEPTH = 3;

const GITHUB_APP_ID = '31337';
const GITHUB_INSTALLATION = 52001;
const GITHUB_WEBHOOK_SECRET = `whsec-e2e-${randomBytes(12).toString('hex')}`;

type Json = Record<string, unknown>;

/**
 * The executors besides the webhook one, end to end: KAFKA, UPSERT_ENTITY (and the event triggers it
 * sets off, up to the chain-depth limit), GITHUB / INTEGRATION_ACTION against a local GitHub API, and a
 * pull worker claiming an integration's node run. Every service is a separate process behind the gateway.
 */
describe('the other executors through the whole system', () => {
  let github: LocalGitHubServer;
  let system: RunningSystem;
  let api: AxiosInstance;
  let kafka: TestKafka;

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
      services: [
        'workflows',
        'catalog',
        'triggers',
        'orchestrator',
        'executor-kafka',
        'executor-upsert-entity',
        'executor-github',
      ],
      env: {
        triggers: { MAX_CHAIN_DEPTH: String(MAX_CHAIN_DEPTH) },
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
    kafka = new TestKafka((process.env['KAFKA_BROKERS'] ?? '').split(','));

    for (const blueprint of BLUEPRINTS) {
      const created = await api.post('/v1/blueprints', blueprint);
      expect([created.status, created.data]).toEqual([201, expect.objectContaining({ ok: true })]);
    }
    // Event-triggered workflows first, long before the entity changes that fire them: the triggers
    // service learns of a workflow from the definitions topic.
    for (const workflow of [onReleaseCreated(), bumpCounter()]) await createWorkflow(workflow);
  }, 180_000);

  afterAll(async () => {
    await kafka?.close();
    await system?.stop();
    await github?.close();
  });

  async function createWorkflow(definition: Json): Promise<string> {
    const response = await api.post('/v1/workflows', definition);
    expect([response.status, response.data]).toEqual([201, expect.objectContaining({ ok: true })]);
    return definition['identifier'] as string;
  }

  async function startRun(workflow: string, inputs: Json): Promise<string> {
    const started = await api.post(`/v1/workflows/${workflow}/runs`, { inputs });
    expect([started.status, started.data]).toEqual([201, expect.objectContaining({ ok: true })]);
    return started.data.workflowRun.identifier as string;
  }

  /** Waits until the run's node run `node` is IN_PROGRESS and `ready` holds for it. */
  async function waitForNodeInProgress(
    runId: string,
    node: string,
    ready: (nodeRun: NodeRunView) => boolean = () => true,
  ): Promise<NodeRunView> {
    const run = await waitForRun(api, runId, (candidate) =>
      candidate.nodeRuns.some((n) => nodeOf(n) === node && n.status === 'IN_PROGRESS' && ready(n)),
    );
    return nodeRunOf(run, node);
  }

  it('publishes a KAFKA node’s payload to <prefix><orgId>.runs, in its envelope, keyed and with headers', async () => {
    const workflow = await createWorkflow(announceDeployment());
    const runId = await startRun(workflow, { service: 'checkout' });
    const run = await waitForRun(api, runId);
    expect(run.result).toBe('SUCCESS');

    const nodeRun = nodeRunOf(run, 'publish');
    const key = `${nodeRun.identifier}:1`;
    const topic = `${system.topicPrefix}${ORG}.runs`;
    expect(nodeRun).toMatchObject({ status: 'COMPLETED', result: 'SUCCESS' });
    expect(nodeRun.output).toEqual({ topic, key, messageId: expect.stringMatching(/^msg_[A-Za-z0-9]{16}$/) });

    // A consumer of the org's topic, from its beginning: the message is there with its envelope.
    const received = await kafka.collect(topic);
    const message = await waitFor(() => received.find((candidate) => candidate.key === key), {
      timeoutMs: 30_000,
      description: `the message keyed ${key} on ${topic}`,
    });
    const pinned = (await api.get(`/v1/workflows/runs/${runId}`)).data.workflowRun.workflow as {
      version: number;
    };
    expect(message.json).toEqual({
      id: nodeRun.output['messageId'],
      type: 'WORKFLOW_NODE_RUN',
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      orgId: ORG,
      workflow: { identifier: workflow, version: pinned.version },
      workflowRun: { identifier: runId },
      workflowNodeRun: { identifier: nodeRun.identifier },
      payload: { eventType: 'deployment.started', service: 'checkout', tags: ['e2e', 'kafka'] },
    });
    expect(message.headers).toMatchObject({
      'idempotency-key': key,
      'x-flowline-run-id': runId,
      'x-flowline-node-run-id': nodeRun.identifier,
      'x-flowline-message-type': 'WORKFLOW_NODE_RUN',
    });
  });

  it('upserts an entity whose change event starts a second, event-triggered workflow; both complete', async () => {
    const workflow = await createWorkflow(registerRelease());
    const runId = await startRun(workflow, { release: 'checkout-2-0', version: '2.0.0' });
    const run = await waitForRun(api, runId);
    expect(run.result).toBe('SUCCESS');
    expect(nodeRunOf(run, 'upsert-release').output).toMatchObject({
      response: {
        status: expect.any(Number),
        data: { identifier: 'checkout-2-0', properties: { version: '2.0.0' } },
      },
    });

    const [triggered] = await waitFor(
      async () => {
        const runs = await runsOf(api, 'on-release-created');
        return runs.length > 0 ? runs : undefined;
      },
      { timeoutMs: 60_000, description: 'a run of on-release-created' },
    );
    const second = await waitForRun(api, triggered.identifier);
    expect(second.result).toBe('SUCCESS');
    // The trigger's output is the entity-change event the upsert executor's write caused.
    expect(second.variables.outputs['trigger']).toMatchObject({
      action: 'CREATE',
      resourceType: 'entity',
      trigger: { by: { userId: 'executor-upsert-entity' } },
      context: { blueprintIdentifier: 'release', entityIdentifier: 'checkout-2-0' },
      diff: { before: null, after: { identifier: 'checkout-2-0', properties: { version: '2.0.0' } } },
    });
    const note = await api.get('/v1/blueprints/release-note/entities/checkout-2-0-note');
    expect([note.status, note.data.entity?.properties]).toEqual([200, { text: 'released 2.0.0' }]);
    expect(await runsOf(api, 'on-release-created')).toHaveLength(1);
  });

  it('stops a workflow that retriggers itself at MAX_CHAIN_DEPTH runs', async () => {
    // Creating is not an update: it starts nothing. The user's update (depth 0) starts run 1, whose
    // upsert writes with depth 1 and starts run 2, ...: an event of depth d starts a run of depth d, and
    // the upsert of a run of depth d writes with depth d + 1. The event of depth MAX_CHAIN_DEPTH, written
    // by run MAX_CHAIN_DEPTH, starts nothing ⇒ MAX_CHAIN_DEPTH runs, and the counter ends at
    // 1 (the user's) + MAX_CHAIN_DEPTH (one per run).
    const created = await api.post('/v1/blueprints/counter/entities', {
      identifier: 'loop',
      properties: { count: 0 },
    });
    expect(created.status).toBe(201);
    const updated = await api.post('/v1/blueprints/counter/entities?upsert=true', {
      identifier: 'loop',
      properties: { count: 1 },
    });
    expect(updated.status).toBeLessThan(300);

    // Done once the triggers service has refused the loop's next change: every run exists by then (the
    // refused change was written by the last one).
    const refusal = await waitForLogLine(
      system.logDir,
      'triggers',
      (line) => line.message.includes(`(${ORG} counter/loop) starts no run: its chain depth`),
      { timeoutMs: 90_000, description: 'the triggers service refusing counter/loop for its chain depth' },
    );
    expect(refusal.message).toContain(
      `its chain depth ${MAX_CHAIN_DEPTH} reached MAX_CHAIN_DEPTH ${MAX_CHAIN_DEPTH}`,
    );
    const runs = await waitFor(
      async () => {
        const all = await runsOf(api, 'bump-counter');
        return all.every((run) => run.status === 'COMPLETED') ? all : undefined;
      },
      { timeoutMs: 60_000, description: 'every bump-counter run to complete' },
    );
    expect(runs.map((run) => run.result)).toEqual(Array.from({ length: MAX_CHAIN_DEPTH }, () => 'SUCCESS'));
    const entity = await api.get('/v1/blueprints/counter/entities/loop');
    expect(entity.data.entity?.properties).toEqual({ count: 1 + MAX_CHAIN_DEPTH });
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
});

function nodeRunOf(run: RunView, node: string): NodeRunView {
  const found = run.nodeRuns.find((nodeRun) => nodeOf(nodeRun) === node);
  if (!found) throw new Error(`run ${run.identifier} has no node run of ${node}`);
  return found;
}

function baseUrlOf(system: RunningSystem, app: 'executor-github'): string {
  const service = system.processes.get(app);
  if (!service) throw new Error(`${app} is not running`);
  return service.baseUrl;
}

const BLUEPRINTS: Json[] = [
  {
    identifier: 'release',
    title: 'Release',
    schema: { properties: { version: { type: 'string' } }, required: [] },
  },
  {
    identifier: 'release-note',
    title: 'Release note',
    schema: { properties: { text: { type: 'string' } }, required: [] },
  },
  {
    identifier: 'counter',
    title: 'Counter',
    schema: { properties: { count: { type: 'number' } }, required: [] },
  },
];

function selfServe(properties: Record<string, Json>): Json {
  return {
    identifier: 'trigger',
    config: {
      type: 'SELF_SERVE_TRIGGER',
      userInputs: { properties, required: Object.keys(properties) },
    },
  };
}

/** trigger → `second`: the shape of every workflow here. */
function twoNodes(identifier: string, trigger: Json, second: Json): Json {
  return {
    identifier,
    title: identifier,
    nodes: [trigger, second],
    connections: [{ sourceIdentifier: 'trigger', targetIdentifier: second['identifier'] }],
  };
}

function announceDeployment(): Json {
  return twoNodes('announce-deployment', selfServe({ service: { type: 'string' } }), {
    identifier: 'publish',
    config: {
      type: 'KAFKA',
      payload: {
        eventType: 'deployment.started',
        service: '{{ .outputs.trigger.service }}',
        tags: ['e2e', 'kafka'],
      },
    },
  });
}

function registerRelease(): Json {
  return twoNodes(
    'register-release',
    selfServe({ release: { type: 'string' }, version: { type: 'string' } }),
    {
      identifier: 'upsert-release',
      config: {
        type: 'UPSERT_ENTITY',
        blueprintIdentifier: 'release',
        mapping: {
          identifier: '{{ .outputs.trigger.release }}',
          properties: { version: '{{ .outputs.trigger.version }}' },
        },
      },
    },
  );
}

/** Fires on every new release and writes its note. */
function onReleaseCreated(): Json {
  return twoNodes(
    'on-release-created',
    {
      identifier: 'trigger',
      config: { type: 'EVENT_TRIGGER', event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'release' } },
    },
    {
      identifier: 'write-note',
      config: {
        type: 'UPSERT_ENTITY',
        blueprintIdentifier: 'release-note',
        mapping: {
          identifier: '{{ .outputs.trigger.diff.after.identifier + "-note" }}',
          properties: { text: '{{ "released " + .outputs.trigger.diff.after.properties.version }}' },
        },
      },
    },
  );
}

/** Every update of a counter updates it again: it would loop forever without the chain-depth limit. */
function bumpCounter(): Json {
  return twoNodes(
    'bump-counter',
    {
      identifier: 'trigger',
      config: { type: 'EVENT_TRIGGER', event: { type: 'ENTITY_UPDATED', blueprintIdentifier: 'counter' } },
    },
    {
      identifier: 'bump',
      config: {
        type: 'UPSERT_ENTITY',
        blueprintIdentifier: 'counter',
        mapping: {
          identifier: '{{ .outputs.trigger.diff.after.identifier }}',
          properties: { count: '{{ .outputs.trigger.diff.after.properties.count + 1 }}' },
        },
      },
    },
  );
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
