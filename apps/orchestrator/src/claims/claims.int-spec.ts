import { testToken, waitFor } from '@flowline/testing';
import { adminToken, OrchestratorHarness } from '../__tests__/orchestrator-harness';

const ORG = 'org_claims';
const OTHER_ORG = 'org_claims_other';

type Json = Record<string, unknown>;

/** Trigger → INTEGRATION_ACTION for a non-GitHub installation: left pending for its pull worker. */
function pullFlow(installation: string): Json {
  return {
    identifier: 'pull-flow',
    nodes: [
      { identifier: 'trigger', config: { type: 'SELF_SERVE_TRIGGER', userInputs: { properties: {} } } },
      {
        identifier: 'run-pipeline',
        config: {
          type: 'INTEGRATION_ACTION',
          installationId: installation,
          integrationProvider: 'GITLAB',
          integrationInvocationType: 'CREATE',
          integrationActionExecutionProperties: { project: '{{ .outputs.trigger.project }}', ref: 'main' },
        },
      },
    ],
    connections: [{ sourceIdentifier: 'trigger', targetIdentifier: 'run-pipeline' }],
  };
}

describe('claim-pending and ack for pull workers', () => {
  let h: OrchestratorHarness;
  const worker = () =>
    h.http(testToken(ORG, { kind: 'machine', actorId: 'gitlab-worker', roles: ['admin'] }));
  const claim = (body: Json, path = '/v1/workflows/runs/claim-pending') => worker().post(path, body);

  beforeAll(async () => {
    h = await OrchestratorHarness.start('orchestrator-claims');
  });

  afterAll(async () => {
    await h?.close();
  });

  async function pendingNodeRun(installation: string): Promise<{ runId: string; nodeRunId: string }> {
    const request = await h.requestRun(ORG, pullFlow(installation), { output: { project: 'api' } });
    const run = await h.waitForRun(ORG, request.runId, (r) => (r['nodeRuns'] as Json[]).length === 2);
    const nodeRun = (run['nodeRuns'] as Json[])[1];
    expect(nodeRun).toMatchObject({ status: 'IN_PROGRESS', nodeConfigType: 'INTEGRATION_ACTION' });
    return { runId: request.runId, nodeRunId: nodeRun['identifier'] as string };
  }

  it('hands a pending node run, with its rendered config, to one claim at a time until its visibility timeout', async () => {
    const { runId, nodeRunId } = await pendingNodeRun('gitlab-eu');
    expect((await claim({ installationId: 'gitlab-us' })).data).toEqual({ ok: true, nodeRuns: [] });

    const first = await claim({ installationId: 'gitlab-eu', limit: 10, visibilityTimeoutMs: 1000 });
    expect(first.status).toBe(200);
    expect(first.data.nodeRuns).toHaveLength(1);
    const config = {
      type: 'INTEGRATION_ACTION',
      installationId: 'gitlab-eu',
      integrationProvider: 'GITLAB',
      integrationInvocationType: 'CREATE',
      integrationActionExecutionProperties: { project: 'api', ref: 'main' },
    };
    expect(first.data.nodeRuns[0]).toMatchObject({
      identifier: nodeRunId,
      workflowRunIdentifier: runId,
      status: 'IN_PROGRESS',
      installationId: 'gitlab-eu',
      pendingExecution: true,
      claimedUntil: expect.any(String),
      config,
      node: { identifier: 'run-pipeline', config },
    });

    // Invisible while the claim holds…
    expect((await claim({ installationId: 'gitlab-eu' })).data.nodeRuns).toEqual([]);
    // …and claimable again once its visibility timeout has passed without an ack.
    const again = await waitFor(
      async () => {
        const nodeRuns = (await claim({ installationId: 'gitlab-eu', visibilityTimeoutMs: 60_000 })).data
          .nodeRuns;
        return nodeRuns.length > 0 ? nodeRuns : undefined;
      },
      { description: 'the claim to expire', timeoutMs: 10_000, intervalMs: 200 },
    );
    expect(again.map((n: Json) => n['identifier'])).toEqual([nodeRunId]);
  });

  it('acks once (then 409), after which the node run is never claimed again; a PATCH completes it', async () => {
    const { runId, nodeRunId } = await pendingNodeRun('gitlab-ack');
    expect(
      (await claim({ installationId: 'gitlab-ack', visibilityTimeoutMs: 1000 })).data.nodeRuns,
    ).toHaveLength(1);

    const ack = await worker().patch('/v1/workflows/runs/ack', { nodeRunIdentifier: nodeRunId });
    expect(ack.status).toBe(200);
    expect(ack.data).toEqual({ ok: true, acked: true });
    const twice = await worker().patch(`/v1/org/${ORG}/workflows/runs/ack`, { nodeRunIdentifier: nodeRunId });
    expect(twice.status).toBe(409);
    expect(twice.data).toMatchObject({ ok: false, error: 'conflict' });

    // Past the visibility timeout, an acked node run stays with the worker that acked it.
    await h.sql(`update node_runs set claimed_until = now() - interval '1 second' where identifier = $1`, [
      nodeRunId,
    ]);
    expect((await claim({ installationId: 'gitlab-ack' })).data.nodeRuns).toEqual([]);

    const done = await worker().patch(`/v1/workflows/nodes/runs/${nodeRunId}`, {
      status: 'COMPLETED',
      result: 'SUCCESS',
      output: { pipelineUrl: 'https://gitlab.example.com/p/1' },
    });
    expect(done.status).toBe(200);
    expect(await h.waitForRun(ORG, runId)).toMatchObject({
      status: 'COMPLETED',
      result: 'SUCCESS',
      variables: { outputs: { 'run-pipeline': { pipelineUrl: 'https://gitlab.example.com/p/1' } } },
    });
  });

  it('serves the org-prefixed paths for the caller’s own org only, and validates bodies', async () => {
    await pendingNodeRun('gitlab-org');
    const inOrg = await claim(
      { installationId: 'gitlab-org' },
      `/v1/org/${ORG}/workflows/runs/claim-pending`,
    );
    expect(inOrg.status).toBe(200);
    expect(inOrg.data.nodeRuns).toHaveLength(1);
    const elsewhere = await claim(
      { installationId: 'gitlab-org' },
      `/v1/org/${OTHER_ORG}/workflows/runs/claim-pending`,
    );
    expect(elsewhere.status).toBe(404);

    const outsider = h.http(adminToken(OTHER_ORG));
    expect(
      (await outsider.post('/v1/workflows/runs/claim-pending', { installationId: 'gitlab-org' })).data
        .nodeRuns,
    ).toEqual([]);
    const foreignAck = await outsider.patch('/v1/workflows/runs/ack', {
      nodeRunIdentifier: inOrg.data.nodeRuns[0].identifier,
    });
    expect(foreignAck.status).toBe(404);

    expect((await claim({})).status).toBe(422);
    expect((await claim({ installationId: 'x', limit: 101 })).status).toBe(422);
    expect((await claim({ installationId: 'x', visibilityTimeoutMs: 999 })).status).toBe(422);
    const member = h.http(testToken(ORG, { roles: ['member'] }));
    expect(
      (await member.post('/v1/workflows/runs/claim-pending', { installationId: 'gitlab-org' })).status,
    ).toBe(403);
  });
});
