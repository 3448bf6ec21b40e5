import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nodeDispatchTopic, type RunEventMessage, Topics } from '@flowline/contracts';
import { verifyAccessToken } from '@flowline/nest-auth';
import { type ReceivedMessage, TEST_JWT_SECRET, testToken, waitFor } from '@flowline/testing';
import {
  adminToken,
  nodeCompleted,
  OrchestratorHarness,
  webhookChain,
} from '../__tests__/orchestrator-harness';

const ORG = 'org_control';

type Json = Record<string, unknown>;
const nodeRunOf = (run: Json, node: string) =>
  (run['nodeRuns'] as Json[]).find((n) => (n['node'] as Json)['identifier'] === node) as Json;
const logTexts = (nodeRun: Json) => (nodeRun['nodeRunLogs'] as Json[]).map((line) => line['log']);

/**
 * A stand-in for the workflows service's `GET /v1/workflows/{id}?canonical=true` over real HTTP: the
 * orchestrator has no other way to read a definition, and apps never start each other in tests.
 */
async function startWorkflowsService(latest: Json): Promise<{ server: Server; url: string; seen: Json[] }> {
  const seen: Json[] = [];
  const server = createServer((request, response) => {
    seen.push({ url: request.url, authorization: request.headers.authorization });
    const found = request.url === `/v1/workflows/${String(latest['identifier'])}?canonical=true`;
    response.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify(found ? { ok: true, workflow: latest } : { ok: false, error: 'not_found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, seen };
}

describe('run control: cancel, re-run, retry from the failed nodes', () => {
  let h: OrchestratorHarness;
  let dispatches: ReceivedMessage[];
  let events: ReceivedMessage[];
  let workflows: Awaited<ReturnType<typeof startWorkflowsService>>;
  const latest = {
    ...webhookChain('deploy', ['build', 'ship', 'announce']),
    title: 'Deploy v7',
    orgId: ORG,
    version: 7,
    createdBy: 'author',
    updatedBy: 'author',
    createdAt: '2026-02-01T10:00:00.000Z',
    updatedAt: '2026-02-02T10:00:00.000Z',
    isDeleted: false,
  };

  beforeAll(async () => {
    workflows = await startWorkflowsService(latest);
    h = await OrchestratorHarness.start('orchestrator-control', { WORKFLOWS_URL: workflows.url });
    dispatches = await h.kafka.collect(h.topic(nodeDispatchTopic('webhook')));
    events = await h.kafka.collect(h.topic(Topics.runEvents));
  });

  afterAll(async () => {
    await h?.close();
    await new Promise((resolve) => workflows?.server.close(resolve));
  });

  const api = () => h.http(adminToken(ORG));
  const dispatchesOf = (runId: string) => OrchestratorHarness.dispatchesOf(dispatches, runId);
  const dispatchOf = (runId: string, node: string) =>
    waitFor(() => dispatchesOf(runId).find((d) => d.node.identifier === node), {
      description: `dispatch of ${node} in ${runId}`,
      timeoutMs: 30_000,
    });
  const complete = (runId: string, nodeRunId: string, fields: Json = {}) =>
    h.publish(
      Topics.nodeCompleted,
      nodeCompleted(ORG, { runId, nodeRunId, status: 'COMPLETED', result: 'SUCCESS', ...fields }),
      runId,
    );
  const runEvents = (runId: string) =>
    events
      .map((m) => m.json as RunEventMessage)
      .filter((e) => e.runId === runId)
      .map((e) => `${e.nodeIdentifier ?? 'run'} ${e.status} ${e.result ?? ''}`.trim());

  it('cancels gracefully: the running node finishes, no new node starts, the run ends CANCELLED', async () => {
    const request = await h.requestRun(ORG, webhookChain('chain', ['first', 'second']));
    const first = await dispatchOf(request.runId, 'first');

    const cancelled = await api().post(`/v1/workflows/runs/${request.runId}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.data.workflowRun).toMatchObject({
      status: 'IN_PROGRESS',
      result: null,
      cancelRequestedBy: `admin@${ORG}`,
      cancelRequestedAt: expect.any(String),
    });
    expect(nodeRunOf(cancelled.data.workflowRun as Json, 'first')['status']).toBe('IN_PROGRESS');

    await complete(request.runId, first.nodeRunId, { output: { done: true } });
    const run = await h.waitForRun(ORG, request.runId, (r) => r['status'] === 'COMPLETED');
    expect(run['result']).toBe('CANCELLED');
    expect(nodeRunOf(run, 'first')).toMatchObject({ result: 'SUCCESS', output: { done: true } });
    expect(nodeRunOf(run, 'second')).toBeUndefined();
    expect(dispatchesOf(request.runId).map((d) => d.node.identifier)).toEqual(['first']);
    await waitFor(() => runEvents(request.runId).includes('run COMPLETED CANCELLED') || undefined);
    expect(runEvents(request.runId).slice(-2)).toEqual([
      'first COMPLETED SUCCESS',
      'run COMPLETED CANCELLED',
    ]);

    const again = await api().post(`/v1/workflows/runs/${request.runId}/cancel`);
    expect(again.status).toBe(409);
    expect(again.data).toMatchObject({ ok: false, error: 'conflict' });
  });

  it('cancels with force: the running node run is CANCELLED now; its late result is logged and changes nothing', async () => {
    const request = await h.requestRun(ORG, webhookChain('forced', ['slow', 'next']));
    const slow = await dispatchOf(request.runId, 'slow');

    const cancelled = await api().post(`/v1/workflows/runs/${request.runId}/cancel?force=true`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.data.workflowRun).toMatchObject({ status: 'COMPLETED', result: 'CANCELLED' });
    expect(nodeRunOf(cancelled.data.workflowRun as Json, 'slow')).toMatchObject({
      status: 'COMPLETED',
      result: 'CANCELLED',
    });
    await waitFor(() => runEvents(request.runId).includes('run COMPLETED CANCELLED') || undefined);
    expect(runEvents(request.runId).slice(-2)).toEqual([
      'slow COMPLETED CANCELLED',
      'run COMPLETED CANCELLED',
    ]);

    await complete(request.runId, slow.nodeRunId, {
      output: { response: { status: 200 } },
      logs: [{ logLevel: 'INFO', log: 'POST -> 200 (after the cancel)' }],
    });
    const run = await h.waitForRun(ORG, request.runId, (r) =>
      logTexts(nodeRunOf(r, 'slow')).includes('POST -> 200 (after the cancel)'),
    );
    expect(run).toMatchObject({ status: 'COMPLETED', result: 'CANCELLED' });
    expect(nodeRunOf(run, 'slow')).toMatchObject({ result: 'CANCELLED', output: {} });
    expect(logTexts(nodeRunOf(run, 'slow'))).toContain(
      'late result of attempt 1 after the node run was cancelled: COMPLETED SUCCESS (ignored)',
    );
    expect(nodeRunOf(run, 'next')).toBeUndefined();
    expect(dispatchesOf(request.runId)).toHaveLength(1);
  });

  it('lets only admins, machines and the creator control a run; another org does not see it', async () => {
    const request = await h.requestRun(ORG, webhookChain('guarded', ['only']));
    await dispatchOf(request.runId, 'only');
    const member = h.http(testToken(ORG, { roles: ['member'], actorId: 'someone-else' }));
    expect((await member.post(`/v1/workflows/runs/${request.runId}/cancel`)).status).toBe(403);
    const stranger = h.http(adminToken('org_other'));
    expect((await stranger.post(`/v1/workflows/runs/${request.runId}/cancel`)).status).toBe(404);
    expect((await stranger.post(`/v1/workflows/runs/${request.runId}/retry`)).status).toBe(404);
    const creator = h.http(testToken(ORG, { roles: ['member'], actorId: `user@${ORG}` }));
    expect((await creator.post(`/v1/workflows/runs/${request.runId}/cancel?force=true`)).status).toBe(200);
    expect((await api().post(`/v1/workflows/runs/${request.runId}/cancel?force=maybe`)).status).toBe(422);
  });

  it('re-runs from the trigger with the same inputs on the same version: a new run linked to the old one', async () => {
    const origin = await h.requestRun(ORG, webhookChain('deploy', ['build', 'ship']), {
      output: { env: 'prod' },
      version: 3,
    });
    const originBuild = await dispatchOf(origin.runId, 'build');
    await complete(origin.runId, originBuild.nodeRunId, { result: 'FAILED' });
    await h.waitForRun(ORG, origin.runId, (r) => r['status'] === 'COMPLETED');

    const rerun = await api().post(`/v1/workflows/runs/${origin.runId}/rerun`, {});
    expect(rerun.status).toBe(201);
    const created = rerun.data.workflowRun as Json;
    expect(created).toMatchObject({
      rerunOf: origin.runId,
      retryOf: null,
      status: 'IN_PROGRESS',
      workflow: { identifier: 'deploy', version: 3 },
      createdBy: `admin@${ORG}`,
      variables: { outputs: { trigger: { env: 'prod' } } },
    });
    expect(created['identifier']).not.toBe(origin.runId);
    const build = await dispatchOf(created['identifier'] as string, 'build');
    expect(build.context.outputs).toEqual({ trigger: { env: 'prod' } });
    expect(build.nodeRunId).not.toBe(originBuild.nodeRunId);
    const listed = await api().get(`/v1/workflows/runs`, {
      params: { workflowRunIdentifiers: created['identifier'] },
    });
    expect(listed.data.workflowRuns).toEqual([expect.objectContaining({ rerunOf: origin.runId })]);
  });

  it('re-runs on the latest version, read from the workflows service with service credentials', async () => {
    const origin = await h.requestRun(ORG, webhookChain('deploy', ['build']), { output: { env: 'qa' } });
    await dispatchOf(origin.runId, 'build');
    const rerun = await api().post(`/v1/workflows/runs/${origin.runId}/rerun`, { version: 'latest' });
    expect(rerun.status).toBe(201);
    const created = rerun.data.workflowRun as Json;
    expect(created).toMatchObject({ rerunOf: origin.runId, title: 'Deploy v7', workflow: { version: 7 } });
    await dispatchOf(created['identifier'] as string, 'build');
    const call = workflows.seen.at(-1) as { url: string; authorization: string };
    expect(call.url).toBe('/v1/workflows/deploy?canonical=true');
    const principal = verifyAccessToken(call.authorization.replace(/^Bearer /, ''), TEST_JWT_SECRET);
    expect(principal).toMatchObject({ orgId: ORG, kind: 'service', actorId: 'orchestrator' });

    expect((await api().post(`/v1/workflows/runs/${origin.runId}/rerun`, { version: 'newest' })).status).toBe(
      422,
    );
    const gone = await h.requestRun(ORG, webhookChain('gone', ['x']));
    await dispatchOf(gone.runId, 'x');
    expect((await api().post(`/v1/workflows/runs/${gone.runId}/rerun`, { version: 'latest' })).status).toBe(
      409,
    );
  });

  it('retries a failed run from its failed node: completed nodes are reused, never dispatched again', async () => {
    const origin = await h.requestRun(ORG, webhookChain('pipeline', ['build', 'ship', 'announce']), {
      output: { env: 'prod' },
    });
    const build = await dispatchOf(origin.runId, 'build');
    await complete(origin.runId, build.nodeRunId, { output: { image: 'app:42' } });
    const ship = await dispatchOf(origin.runId, 'ship');
    await complete(origin.runId, ship.nodeRunId, {
      result: 'FAILED',
      failure: { code: 'HTTP_STATUS', message: 'POST -> 400', retryable: false },
    });
    await h.waitForRun(ORG, origin.runId, (r) => r['status'] === 'COMPLETED');
    expect((await api().post(`/v1/workflows/runs/${origin.runId}/rerun`, { version: 'same' })).status).toBe(
      201,
    );

    const retried = await api().post(`/v1/workflows/runs/${origin.runId}/retry`);
    expect(retried.status).toBe(201);
    const retryId = (retried.data.workflowRun as Json)['identifier'] as string;
    expect(retried.data.workflowRun).toMatchObject({ retryOf: origin.runId, rerunOf: null });
    const reused = nodeRunOf(retried.data.workflowRun as Json, 'build');
    expect(reused).toMatchObject({ status: 'COMPLETED', result: 'SUCCESS', output: { image: 'app:42' } });
    expect(reused['identifier']).not.toBe(build.nodeRunId);
    expect(logTexts(reused)).toEqual([
      `reused the output of node run ${build.nodeRunId} of run ${origin.runId}: not run again`,
    ]);

    const shipAgain = await dispatchOf(retryId, 'ship');
    expect(shipAgain.context.outputs).toMatchObject({ build: { image: 'app:42' } });
    await complete(retryId, shipAgain.nodeRunId);
    const announce = await dispatchOf(retryId, 'announce');
    await complete(retryId, announce.nodeRunId);
    const done = await h.waitForRun(ORG, retryId, (r) => r['status'] === 'COMPLETED');
    expect(done['result']).toBe('SUCCESS');
    // The dispatch topic never saw the completed node again for the retry.
    expect(dispatchesOf(retryId).map((d) => d.node.identifier)).toEqual(['ship', 'announce']);

    expect((await api().post(`/v1/workflows/runs/${retryId}/retry`)).status).toBe(409);
  });
});
