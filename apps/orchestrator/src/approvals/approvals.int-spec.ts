import { type NodeDispatchMessage, nodeDispatchTopic } from '@flowline/contracts';
import { type ReceivedMessage, testToken, waitFor } from '@flowline/testing';
import { OrchestratorHarness } from '../__tests__/orchestrator-harness';

const ORG = 'org_approvals';
const OTHER_ORG = 'org_approvals_other';

type Json = Record<string, unknown>;
const nodeRunOf = (run: Json, node: string) =>
  (run['nodeRuns'] as Json[]).find((nodeRun) => (nodeRun['node'] as Json)['identifier'] === node);

/** trigger → approval (ALL of alice and bob) → deploy on APPROVE. */
const approvalFlow = {
  identifier: 'approved-deploy',
  nodes: [
    { identifier: 'trigger', config: { type: 'SELF_SERVE_TRIGGER', userInputs: { properties: {} } } },
    {
      identifier: 'approval',
      title: 'Approve deploy',
      config: {
        type: 'INPUT',
        description: 'Deploy to production?',
        approvers: { users: ['alice@example.com', 'bob'] },
        quorum: 'ALL',
        outlets: [{ decision: 'APPROVE', connectionIdentifier: 'c-approve' }],
      },
    },
    { identifier: 'deploy', config: { type: 'WEBHOOK', url: 'https://hooks.example.com/deploy' } },
  ],
  connections: [
    { identifier: 'c-start', sourceIdentifier: 'trigger', targetIdentifier: 'approval' },
    { identifier: 'c-approve', sourceIdentifier: 'approval', targetIdentifier: 'deploy' },
  ],
};

describe('approvals: durable decisions through the HTTP API', () => {
  let h: OrchestratorHarness;
  let dispatches: ReceivedMessage[];
  const alice = () =>
    h.http(testToken(ORG, { actorId: 'u-alice', email: 'alice@example.com', roles: ['member'] }));
  const bob = () => h.http(testToken(ORG, { actorId: 'bob', roles: ['member'] }));

  beforeAll(async () => {
    h = await OrchestratorHarness.start('orchestrator-approvals');
    dispatches = await h.kafka.collect(h.topic(nodeDispatchTopic('webhook')));
  });

  afterAll(async () => {
    await h?.close();
  });

  async function waitingApproval(): Promise<{ runId: string; nodeRunId: string }> {
    const request = await h.requestRun(ORG, approvalFlow);
    const run = await h.waitForRun(ORG, request.runId, (r) => nodeRunOf(r, 'approval') !== undefined);
    return { runId: request.runId, nodeRunId: nodeRunOf(run, 'approval')?.['identifier'] as string };
  }

  it('waits, counts each approver once, refuses others, and survives a restart between decisions', async () => {
    const { runId, nodeRunId } = await waitingApproval();
    const path = `/v1/workflows/runs/${runId}/nodes/${nodeRunId}/approval`;
    let run = await h.waitForRun(ORG, runId);
    expect(run['status']).toBe('IN_PROGRESS');
    expect(nodeRunOf(run, 'approval')).toMatchObject({
      status: 'IN_PROGRESS',
      nodeConfigType: 'INPUT',
      approval: {
        status: 'WAITING_FOR_APPROVAL',
        approvers: { users: ['alice@example.com', 'bob'], roles: [], teams: [] },
        quorum: 'ALL',
        decisions: [],
      },
    });
    expect(await h.sql('select status from approvals where node_run_identifier = $1', [nodeRunId])).toEqual([
      { status: 'PENDING' },
    ]);

    const first = await alice().patch(path, { status: 'APPROVE', description: 'looks good' });
    expect(first.status).toBe(200);
    expect(first.data).toMatchObject({ ok: true, approval: { status: 'WAITING_FOR_APPROVAL' } });
    expect((await alice().patch(path, { status: 'DECLINE' })).status).toBe(409);
    const mallory = h.http(testToken(ORG, { actorId: 'mallory', roles: ['member'] }));
    expect((await mallory.patch(path, { status: 'APPROVE' })).status).toBe(403);
    const machine = h.http(testToken(ORG, { kind: 'machine', actorId: 'ci', roles: ['admin'] }));
    expect((await machine.patch(path, { status: 'APPROVE' })).status).toBe(403);
    const stranger = h.http(testToken(OTHER_ORG, { actorId: 'bob', roles: ['member'] }));
    expect((await stranger.patch(path, { status: 'APPROVE' })).status).toBe(404);
    expect((await bob().patch(path, { status: 'MAYBE' })).status).toBe(422);

    await h.restartApp();

    const second = await bob().patch(path, { status: 'APPROVE' });
    expect(second.status).toBe(200);
    expect(second.data.approval).toMatchObject({ status: 'APPROVE', decision: 'APPROVE' });
    await waitFor(() => OrchestratorHarness.dispatchesOf(dispatches, runId)[0], {
      description: 'the deploy dispatch',
      timeoutMs: 30_000,
    });
    expect(
      OrchestratorHarness.dispatchesOf(dispatches, runId).map((d: NodeDispatchMessage) => d.node.identifier),
    ).toEqual(['deploy']);
    run = await h.waitForRun(ORG, runId);
    expect(nodeRunOf(run, 'approval')).toMatchObject({
      status: 'COMPLETED',
      result: 'SUCCESS',
      output: {
        decision: 'APPROVE',
        description: null,
        decisions: [
          {
            by: { userId: 'u-alice', email: 'alice@example.com' },
            decision: 'APPROVE',
            description: 'looks good',
          },
          { by: { userId: 'bob', email: null }, decision: 'APPROVE', description: null },
        ],
      },
    });
    expect(
      await h.sql(
        'select user_id, decision from approval_decisions where node_run_identifier = $1 order by id',
        [nodeRunId],
      ),
    ).toEqual([
      { user_id: 'u-alice', decision: 'APPROVE' },
      { user_id: 'bob', decision: 'APPROVE' },
    ]);
    expect(
      await h.sql('select status, outcome from approvals where node_run_identifier = $1', [nodeRunId]),
    ).toEqual([{ status: 'DECIDED', outcome: 'APPROVE' }]);
    expect((await bob().patch(path, { status: 'DECLINE' })).status).toBe(409);

    const approvers = await alice().get(`/v1/workflows/nodes/runs/${nodeRunId}/approvers`);
    expect(approvers.status).toBe(200);
    expect(approvers.data.approvers).toEqual([
      expect.objectContaining({ type: 'user', identifier: 'alice@example.com', status: 'APPROVE' }),
      expect.objectContaining({ type: 'user', identifier: 'bob', status: 'APPROVE' }),
    ]);
  });

  it('counts one decision when the same approver sends several at once', async () => {
    const { runId, nodeRunId } = await waitingApproval();
    const path = `/v1/workflows/runs/${runId}/nodes/${nodeRunId}/approval`;
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => alice().patch(path, { status: 'APPROVE' })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    expect(
      await h.sql('select count(*)::int as n from approval_decisions where node_run_identifier = $1', [
        nodeRunId,
      ]),
    ).toEqual([{ n: 1 }]);
  });

  it('answers the action-run paths: r_X is wfr_X', async () => {
    const { runId, nodeRunId } = await waitingApproval();
    const actionRunId = `r_${runId.slice('wfr_'.length)}`;
    const listed = await bob().get(`/v1/actions/runs/${actionRunId}/approvers`);
    expect(listed.status).toBe(200);
    expect(listed.data).toMatchObject({ ok: true, nodeRunIdentifier: nodeRunId });
    expect(
      (await bob().patch(`/v1/actions/runs/${actionRunId}/approval`, { status: 'DECLINE' })).status,
    ).toBe(201);
    const run = await h.waitForRun(ORG, runId, (r) => r['status'] === 'COMPLETED');
    expect(nodeRunOf(run, 'approval')?.['output']).toMatchObject({ decision: 'DECLINE' });
    expect(nodeRunOf(run, 'deploy')).toBeUndefined();
    expect((await bob().get('/v1/actions/runs/r_0000000000000000/approvers')).status).toBe(404);
  });

  it('a cancel of the run cancels its pending approval', async () => {
    const { runId, nodeRunId } = await waitingApproval();
    const admin = h.http(testToken(ORG, { actorId: 'admin', roles: ['admin'] }));
    expect((await admin.post(`/v1/workflows/runs/${runId}/cancel`)).status).toBe(200);
    const run = await h.waitForRun(ORG, runId);
    expect(run).toMatchObject({ status: 'COMPLETED', result: 'CANCELLED' });
    expect(await h.sql('select status from approvals where node_run_identifier = $1', [nodeRunId])).toEqual([
      { status: 'CANCELLED' },
    ]);
    const late = await alice().patch(`/v1/workflows/runs/${runId}/nodes/${nodeRunId}/approval`, {
      status: 'APPROVE',
    });
    expect(late.status).toBe(409);
  });
});
