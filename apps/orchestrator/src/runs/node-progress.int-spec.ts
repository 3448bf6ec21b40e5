import { NodeDispatchMessage, nodeDispatchTopic } from '@flowline/contracts';
import { type ReceivedMessage, testToken, waitFor } from '@flowline/testing';
import { adminToken, OrchestratorHarness, webhookChain } from '../__tests__/orchestrator-harness';

const ORG = 'org_progress';
const OTHER_ORG = 'org_progress_other';

type Json = Record<string, unknown>;
const nodeRunOf = (run: Json, node: string) =>
  (run['nodeRuns'] as Json[]).find((nodeRun) => (nodeRun['node'] as Json)['identifier'] === node) as Json;

/** Trigger → async webhook (its result comes by PATCH, through `variables`) → notify. */
const asyncDeploy = webhookChain('async-deploy', ['deploy', 'notify'], {});
(asyncDeploy['nodes'] as Json[])[1] = {
  identifier: 'deploy',
  config: { type: 'WEBHOOK', url: 'https://deploy.example.com', synchronized: false },
  variables: { resourceId: '{{ .resourceId }}', env: '{{ .outputs.trigger.env }}' },
};

describe('PATCH /v1/workflows/nodes/runs/{id}: progress reported by external systems', () => {
  let h: OrchestratorHarness;
  let dispatches: ReceivedMessage[];
  const machine = () => h.http(testToken(ORG, { kind: 'machine', actorId: 'deployer', roles: ['member'] }));

  beforeAll(async () => {
    h = await OrchestratorHarness.start('orchestrator-progress');
    dispatches = await h.kafka.collect(h.topic(nodeDispatchTopic('webhook')));
  });

  afterAll(async () => {
    await h?.close();
  });

  async function startAsyncRun(): Promise<{ runId: string; nodeRunId: string }> {
    const request = await h.requestRun(ORG, asyncDeploy, { output: { env: 'staging' } });
    const wire = await waitFor(
      () => dispatches.find((m) => (m.json as NodeDispatchMessage).runId === request.runId),
      { timeoutMs: 30_000, description: 'the deploy dispatch' },
    );
    return { runId: request.runId, nodeRunId: (wire.json as NodeDispatchMessage).nodeRunId };
  }

  it('keeps an IN_PROGRESS node waiting, appends logs, and resumes the run when it completes', async () => {
    const { runId, nodeRunId } = await startAsyncRun();
    const progress = await machine().patch(`/v1/workflows/nodes/runs/${nodeRunId}`, {
      status: 'IN_PROGRESS',
      logs: [{ logLevel: 'INFO', log: 'rolling out' }],
    });
    expect(progress.status).toBe(200);
    expect(progress.data).toEqual({ ok: true });
    let run = await h.waitForRun(ORG, runId);
    expect(nodeRunOf(run, 'deploy')).toMatchObject({ status: 'IN_PROGRESS' });
    expect(run['nodeRuns']).toHaveLength(2);

    const done = await machine().patch(`/v1/workflows/nodes/runs/${nodeRunId}`, {
      status: 'COMPLETED',
      result: 'SUCCESS',
      output: { resourceId: 'abc123', ignored: true },
      logs: [{ logLevel: 'INFO', log: 'Deployment completed', tags: { env: 'prod' } }, { logLevel: 'DEBUG' }],
      externalRunId: 'gh-991',
    });
    expect(done.status).toBe(200);
    run = await h.waitForRun(ORG, runId);
    const deploy = nodeRunOf(run, 'deploy');
    expect(deploy).toMatchObject({
      status: 'COMPLETED',
      result: 'SUCCESS',
      output: { resourceId: 'abc123', env: 'staging' },
      externalRunId: 'gh-991',
    });
    expect((deploy['nodeRunLogs'] as Json[]).map((l) => [l['logLevel'], l['log'], l['tags']])).toEqual([
      ['INFO', 'dispatched to the webhook executor (attempt 1)', {}],
      ['INFO', 'rolling out', {}],
      ['INFO', 'Deployment completed', { env: 'prod' }],
      ['DEBUG', '', {}],
    ]);
    expect(run['variables']).toMatchObject({ outputs: { deploy: { resourceId: 'abc123', env: 'staging' } } });
    // The run went on in the same transaction: the next node was dispatched.
    expect(nodeRunOf(run, 'notify')).toMatchObject({ status: 'IN_PROGRESS' });
    await waitFor(() =>
      dispatches.find((m) => {
        const json = m.json as NodeDispatchMessage;
        return json.runId === runId && json.node.identifier === 'notify';
      }),
    );
  });

  it('answers 422 when the node run is already completed, and changes nothing', async () => {
    const { runId, nodeRunId } = await startAsyncRun();
    expect(
      (
        await machine().patch(`/v1/workflows/nodes/runs/${nodeRunId}`, {
          status: 'COMPLETED',
          result: 'FAILED',
        })
      ).status,
    ).toBe(200);
    const failed = await h.waitForRun(ORG, runId);
    expect(failed).toMatchObject({ status: 'COMPLETED', result: 'FAILED' });

    const again = await machine().patch(`/v1/workflows/nodes/runs/${nodeRunId}`, {
      status: 'COMPLETED',
      result: 'SUCCESS',
    });
    expect(again.status).toBe(422);
    expect(again.data).toMatchObject({ ok: false, message: `node run "${nodeRunId}" is already completed` });
    expect(await h.waitForRun(ORG, runId)).toMatchObject({
      status: 'COMPLETED',
      result: 'FAILED',
      updatedAt: failed['updatedAt'],
    });
  });

  it('serialises concurrent completions under the run lock: one wins, the others get 422, the run goes on once', async () => {
    const { runId, nodeRunId } = await startAsyncRun();
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        machine().patch(`/v1/workflows/nodes/runs/${nodeRunId}`, {
          status: 'COMPLETED',
          result: 'SUCCESS',
          output: { resourceId: `r-${i}` },
        }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 422, 422, 422, 422]);
    const run = await h.waitForRun(ORG, runId);
    expect(run['nodeRuns']).toHaveLength(3);
    const notify = await h.sql(
      `select count(*)::int as n from node_runs where run_identifier = $1 and node_identifier = 'notify'`,
      [runId],
    );
    expect(notify[0]['n']).toBe(1);
  });

  it('serves the alias path under the run, and 404s when the node run is not of that run', async () => {
    const { runId, nodeRunId } = await startAsyncRun();
    const other = await startAsyncRun();
    const wrongRun = await machine().patch(`/v1/workflows/runs/${other.runId}/nodes/${nodeRunId}`, {
      status: 'IN_PROGRESS',
    });
    expect(wrongRun.status).toBe(404);
    const alias = await machine().patch(`/v1/workflows/runs/${runId}/nodes/${nodeRunId}`, {
      status: 'COMPLETED',
      result: 'SUCCESS',
      output: { resourceId: 'via-alias' },
    });
    expect(alias.status).toBe(200);
    const run = await h.waitForRun(ORG, runId);
    expect(nodeRunOf(run, 'deploy')['output']).toMatchObject({ resourceId: 'via-alias' });
  });

  it('refuses bad bodies with 422 and the bad field', async () => {
    const { nodeRunId } = await startAsyncRun();
    const noResult = await machine().patch(`/v1/workflows/nodes/runs/${nodeRunId}`, { status: 'COMPLETED' });
    expect(noResult.status).toBe(422);
    expect(noResult.data.details).toEqual([expect.objectContaining({ path: 'result' })]);
    const badLog = await machine().patch(`/v1/workflows/nodes/runs/${nodeRunId}`, { logs: [{ log: 'x' }] });
    expect(badLog.status).toBe(422);
    expect(badLog.data.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'logs[0].logLevel' })]),
    );
    const resultInProgress = await machine().patch(`/v1/workflows/nodes/runs/${nodeRunId}`, {
      status: 'IN_PROGRESS',
      result: 'SUCCESS',
    });
    expect(resultInProgress.status).toBe(422);
  });

  it('refuses a body that is not JSON (415), nested too deep (422) or an output over the limit (413), and the node waits on', async () => {
    const { runId, nodeRunId } = await startAsyncRun();
    const completion = JSON.stringify({ status: 'COMPLETED', result: 'SUCCESS' });
    for (const headers of [{ 'content-type': 'text/plain' }, { 'content-type': '' }]) {
      const notJson = await machine().patch(`/v1/workflows/nodes/runs/${nodeRunId}`, completion, { headers });
      expect(notJson.status).toBe(415);
      expect(notJson.data).toMatchObject({ ok: false, error: 'unsupported_media_type' });
      // Who calls is settled first: without a valid token the answer is 401, whatever the body.
      const anonymous = await h
        .http('not-a-token')
        .patch(`/v1/workflows/nodes/runs/${nodeRunId}`, completion, {
          headers,
        });
      expect(anonymous.status).toBe(401);
    }
    const deep = `{"status":"COMPLETED","result":"SUCCESS","output":{"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`;
    const tooDeep = await machine().patch(`/v1/workflows/nodes/runs/${nodeRunId}`, deep, {
      headers: { 'content-type': 'application/json' },
    });
    expect(tooDeep.status).toBe(422);
    expect(tooDeep.data.details).toEqual([expect.objectContaining({ code: 'NESTING_TOO_DEEP' })]);
    const tooLarge = await machine().patch(`/v1/workflows/nodes/runs/${nodeRunId}`, {
      status: 'COMPLETED',
      result: 'SUCCESS',
      output: { blob: 'x'.repeat(1024 * 1024) },
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.data.details).toEqual([
      expect.objectContaining({ path: 'output', code: 'OUTPUT_TOO_LARGE' }),
    ]);
    const run = await h.waitForRun(ORG, runId);
    expect(nodeRunOf(run, 'deploy')).toMatchObject({ status: 'IN_PROGRESS' });
  });

  it("answers 404 for another org's node run and run, and leaves them untouched", async () => {
    const { runId, nodeRunId } = await startAsyncRun();
    const outsider = h.http(adminToken(OTHER_ORG));
    const patch = await outsider.patch(`/v1/workflows/nodes/runs/${nodeRunId}`, {
      status: 'COMPLETED',
      result: 'SUCCESS',
    });
    expect(patch.status).toBe(404);
    expect(patch.data).toMatchObject({ ok: false, error: 'not_found' });
    expect(
      (await outsider.patch(`/v1/workflows/runs/${runId}/nodes/${nodeRunId}`, { status: 'IN_PROGRESS' }))
        .status,
    ).toBe(404);
    expect((await outsider.get(`/v1/workflows/runs/${runId}`)).status).toBe(404);
    expect((await outsider.get('/v1/workflows/runs')).data).toEqual({ ok: true, workflowRuns: [] });
    expect(nodeRunOf(await h.waitForRun(ORG, runId), 'deploy')['status']).toBe('IN_PROGRESS');
  });
});
