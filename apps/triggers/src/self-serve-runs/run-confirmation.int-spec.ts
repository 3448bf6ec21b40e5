import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { prefixedTopic, Topics } from '@flowline/contracts';
import { verifyAccessToken } from '@flowline/nest-auth';
import { type ReceivedMessage, TEST_JWT_SECRET, TestKafka, waitFor } from '@flowline/testing';
import {
  httpClient,
  type RunningTriggersService,
  type RunningWorkflowsService,
  startTriggersService,
  startWorkflowsService,
  userToken,
} from '../__tests__/services';
import { deployWorkflow } from '../__tests__/workflow-fixtures';

const ORG = 'org_confirm';
const INPUTS = { service: 'svc-a', version: '1.0.0', environment: 'staging' };
const WAIT_MS = 1500;

type Answer = 'not-yet' | 'exists' | 'error';

/**
 * A stand-in for the orchestrator's one internal endpoint the triggers service calls, `GET
 * /internal/v1/runs/{id}` (200 `{ok, exists, status, result}` or 404): a real HTTP server on loopback
 * whose answers each test scripts, recording every call.
 */
class OrchestratorStandIn {
  readonly calls: Array<{ runId: string; authorization: string | undefined }> = [];
  private readonly script = new Map<string, Answer[]>();
  fallback: Answer = 'not-yet';
  private server?: Server;

  async start(): Promise<string> {
    const server = createServer((request, response) => {
      const runId = decodeURIComponent((request.url ?? '').replace(/^\/internal\/v1\/runs\//, ''));
      this.calls.push({ runId, authorization: request.headers.authorization });
      const answer = this.script.get(runId)?.shift() ?? this.fallback;
      const [status, body] =
        answer === 'exists'
          ? [200, { ok: true, exists: true, status: 'IN_PROGRESS', result: null }]
          : answer === 'error'
            ? [500, { ok: false, error: 'internal_error' }]
            : [404, { ok: false, error: 'not_found' }];
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** The answers to give for one run id, in order; then the fallback. */
  answer(runId: string, answers: Answer[]): void {
    this.script.set(runId, answers);
  }

  callsFor(runId: string) {
    return this.calls.filter((call) => call.runId === runId);
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

describe('waiting for the orchestrator before answering a self-service run', () => {
  let workflows: RunningWorkflowsService;
  let triggers: RunningTriggersService;
  let kafka: TestKafka;
  let requested: ReceivedMessage[];
  const orchestrator = new OrchestratorStandIn();
  const submit = (headers: Record<string, string> = {}) =>
    httpClient(triggers.running.baseUrl, userToken(ORG)).post(
      '/v1/workflows/deploy/runs',
      { inputs: INPUTS },
      { headers },
    );
  const runRequestOf = (runId: string) =>
    waitFor(() => requested.find((m) => (m.json as { runId: string }).runId === runId));

  beforeAll(async () => {
    const orchestratorUrl = await orchestrator.start();
    workflows = await startWorkflowsService('trg-confirm');
    expect(
      (
        await httpClient(workflows.running.baseUrl, userToken(ORG)).post(
          '/v1/workflows',
          deployWorkflow('deploy'),
        )
      ).status,
    ).toBe(201);
    triggers = await startTriggersService({
      label: 'trg-confirm-app',
      topicPrefix: workflows.ns.topicPrefix,
      workflowsUrl: workflows.running.baseUrl,
      env: { RUN_CREATION_WAIT_MS: String(WAIT_MS), ORCHESTRATOR_URL: orchestratorUrl },
    });
    kafka = new TestKafka(workflows.ns.kafkaBrokers);
    requested = await kafka.collect(prefixedTopic(Topics.runRequested, workflows.ns.topicPrefix));
  });

  afterAll(async () => {
    await kafka?.close();
    await triggers?.close();
    await workflows?.close();
    await orchestrator.stop();
  });

  it('answers 201 once the orchestrator confirms the run, asking with its own service token for the org', async () => {
    // Every run id is new: the stand-in learns it from the first call and confirms on the third.
    orchestrator.fallback = 'not-yet';
    const pending = submit();
    const runId = await waitFor(() => orchestrator.calls[orchestrator.calls.length - 1]?.runId);
    orchestrator.answer(runId, ['not-yet', 'exists']);
    const response = await pending;

    expect(response.status).toBe(201);
    expect(response.data.workflowRun).toMatchObject({
      identifier: runId,
      status: 'IN_PROGRESS',
      result: null,
    });
    const calls = orchestrator.callsFor(runId);
    expect(calls.length).toBeGreaterThanOrEqual(3);
    const bearer = calls[0].authorization?.replace(/^Bearer /, '') ?? '';
    expect(verifyAccessToken(bearer, TEST_JWT_SECRET)).toMatchObject({
      orgId: ORG,
      actorId: 'triggers',
      kind: 'service',
    });
    await runRequestOf(runId);
  });

  it('answers 202 PENDING when the orchestrator does not confirm in time; the run is still requested', async () => {
    orchestrator.fallback = 'not-yet';
    const started = Date.now();
    const response = await submit();
    expect(Date.now() - started).toBeGreaterThanOrEqual(WAIT_MS);
    expect(response.status).toBe(202);
    expect(response.data).toEqual({
      ok: true,
      workflowRun: expect.objectContaining({
        identifier: expect.stringMatching(/^wfr_/),
        status: 'PENDING',
        result: null,
      }),
    });
    await runRequestOf(response.data.workflowRun.identifier);
  });

  it('keeps asking through orchestrator errors, and answers 202 if they last', async () => {
    orchestrator.fallback = 'error';
    const response = await submit();
    expect(response.status).toBe(202);
    expect(orchestrator.callsFor(response.data.workflowRun.identifier).length).toBeGreaterThan(1);
  });

  it('confirms a replayed submission too: the retry answers 201 once the run exists', async () => {
    orchestrator.fallback = 'not-yet';
    const headers = { 'Idempotency-Key': 'confirm-retry' };
    const first = await submit(headers);
    expect(first.status).toBe(202);
    orchestrator.fallback = 'exists';
    const retry = await submit(headers);
    expect(retry.status).toBe(201);
    expect(retry.data.workflowRun).toMatchObject({
      identifier: first.data.workflowRun.identifier,
      status: 'IN_PROGRESS',
    });
    expect(retry.headers['idempotent-replayed']).toBe('true');
  });
});
