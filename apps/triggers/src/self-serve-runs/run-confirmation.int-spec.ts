import { createMessage, prefixedTopic, Topics } from '@flowline/contracts';
import { type ReceivedMessage, TestKafka, waitFor } from '@flowline/testing';
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

/**
 * The triggers service answers a submission once the run's first event is on the run-events topic. Here
 * the test plays the orchestrator: it reads the run request and publishes (or not) the run's event.
 */
describe('waiting for the run to exist before answering a self-service run', () => {
  let workflows: RunningWorkflowsService;
  let triggers: RunningTriggersService;
  let kafka: TestKafka;
  let requested: ReceivedMessage[];
  const submit = (headers: Record<string, string> = {}) =>
    httpClient(triggers.running.baseUrl, userToken(ORG)).post(
      '/v1/workflows/deploy/runs',
      { inputs: INPUTS },
      { headers },
    );
  const runRequestOf = (runId: string) =>
    waitFor(() => requested.find((m) => (m.json as { runId: string }).runId === runId));
  /** The id of the newest run request (the test reads it as the orchestrator would). */
  const nextRequestedRun = async (before: number) =>
    waitFor(() => (requested[before]?.json as { runId?: string } | undefined)?.runId);
  /** Publishes the run's first event, as the orchestrator does in the transaction creating the run. */
  const announceRun = (runId: string) =>
    kafka.send(
      prefixedTopic(Topics.runEvents, workflows.ns.topicPrefix),
      createMessage('WORKFLOW_RUN_STATUS_CHANGED', ORG, {
        runId,
        workflowIdentifier: 'deploy',
        workflowVersion: 1,
        status: 'IN_PROGRESS',
        result: null,
      }),
      runId,
    );

  beforeAll(async () => {
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
      env: { RUN_CREATION_WAIT_MS: String(WAIT_MS) },
    });
    kafka = new TestKafka(workflows.ns.kafkaBrokers);
    requested = await kafka.collect(prefixedTopic(Topics.runRequested, workflows.ns.topicPrefix));
  });

  afterAll(async () => {
    await kafka?.close();
    await triggers?.close();
    await workflows?.close();
  });

  it("answers 201 as soon as the run's first event is seen", async () => {
    const before = requested.length;
    const pending = submit();
    const runId = await nextRequestedRun(before);
    await announceRun(runId);
    const response = await pending;

    expect(response.status).toBe(201);
    expect(response.data.workflowRun).toMatchObject({
      identifier: runId,
      status: 'IN_PROGRESS',
      result: null,
    });
  });

  it('answers 202 PENDING when no event comes in time; the run is still requested', async () => {
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

  it('confirms a replayed submission too: the retry answers 201 once the run exists', async () => {
    const headers = { 'Idempotency-Key': 'confirm-retry' };
    const first = await submit(headers);
    expect(first.status).toBe(202);
    await announceRun(first.data.workflowRun.identifier);
    const retry = await submit(headers);
    expect(retry.status).toBe(201);
    expect(retry.data.workflowRun).toMatchObject({
      identifier: first.data.workflowRun.identifier,
      status: 'IN_PROGRESS',
    });
    expect(retry.headers['idempotent-replayed']).toBe('true');
  });
});
