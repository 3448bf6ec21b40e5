import { createHmac } from 'node:crypto';
import { type AxiosInstance } from 'axios';
import { RecordingSink, waitFor } from '@flowline/testing';
import { gatewayApi } from './harness/gateway-api';
import { nodeOf, type NodeRunView, type RunView, waitForRun } from './harness/runs';
import { type CreatedClient, E2E_WEBHOOK_SIGNING_SECRET, RunningSystem } from './harness/system';

type Json = Record<string, unknown>;
type ApprovalNodeRun = NodeRunView & { approval?: Json };

/** trigger → approval → deploy (APPROVE) / on-decline (DECLINE) / on-timeout (default, if it has one). */
function approvalWorkflow(identifier: string, sinkUrl: string, approval: Json): Json {
  const timeoutOutlet = approval['defaultConnectionIdentifier'] !== undefined;
  const webhook = (id: string) => ({
    identifier: id,
    config: {
      type: 'WEBHOOK',
      url: `${sinkUrl}/${identifier}/${id}`,
      body: { run: '{{ .workflowRun.identifier }}' },
    },
  });
  return {
    identifier,
    title: identifier,
    nodes: [
      { identifier: 'trigger', config: { type: 'SELF_SERVE_TRIGGER', userInputs: { properties: {} } } },
      {
        identifier: 'approval',
        title: 'Approve deploy',
        config: {
          type: 'INPUT',
          inputType: 'APPROVAL',
          description: 'Deploy checkout to production?',
          outlets: [
            { decision: 'APPROVE', connectionIdentifier: 'c-approve' },
            { decision: 'DECLINE', connectionIdentifier: 'c-decline' },
          ],
          ...approval,
        },
      },
      webhook('deploy'),
      webhook('on-decline'),
      ...(timeoutOutlet ? [webhook('on-timeout')] : []),
    ],
    connections: [
      { identifier: 'c-start', sourceIdentifier: 'trigger', targetIdentifier: 'approval' },
      { identifier: 'c-approve', sourceIdentifier: 'approval', targetIdentifier: 'deploy' },
      { identifier: 'c-decline', sourceIdentifier: 'approval', targetIdentifier: 'on-decline' },
      ...(timeoutOutlet
        ? [{ identifier: 'c-timeout', sourceIdentifier: 'approval', targetIdentifier: 'on-timeout' }]
        : []),
    ],
  };
}

/**
 * Human approval as one engine step (issue 12), every service a process, through the gateway: approvers
 * are users a portal backend acts for (`actor-id`), decisions go through PATCH …/approval.
 */
describe('approvals: INPUT nodes', () => {
  let sink: RecordingSink;
  let system: RunningSystem;
  let admin: AxiosInstance;
  let portal: CreatedClient;
  const orgId = 'org_e2e_approvals';

  /** A user the portal acts for. */
  const user = (id: string, email: string, extra: { teams?: string } = {}) => {
    const api = gatewayApi(system.gatewayUrl, portal.accessToken);
    Object.assign(api.defaults.headers.common, {
      'actor-id': id,
      'actor-email': email,
      ...(extra.teams ? { 'actor-teams': extra.teams } : {}),
    });
    return api;
  };
  const alice = () => user('u-alice', 'alice@acme.io');
  const bob = () => user('u-bob', 'bob@acme.io');
  const carol = () => user('u-carol', 'carol@acme.io', { teams: 'platform' });

  beforeAll(async () => {
    sink = await RecordingSink.start();
    system = await RunningSystem.start({
      services: ['workflows', 'triggers', 'orchestrator', 'executor-webhook'],
    });
    admin = gatewayApi(system.gatewayUrl, (await system.createClient(orgId, 'admin')).accessToken);
    portal = await system.createClient(orgId, 'portal-backend');
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
    await sink?.close();
  });

  async function startRun(identifier: string, approval: Json): Promise<{ runId: string; nodeRunId: string }> {
    const saved = await admin.post('/v1/workflows', approvalWorkflow(identifier, sink.baseUrl, approval));
    expect([saved.status, saved.data.details]).toEqual([201, undefined]);
    const started = await admin.post(`/v1/workflows/${identifier}/runs`, { inputs: {} });
    expect(started.status).toBe(201);
    const runId = started.data.workflowRun.identifier as string;
    const run = await waitForRun(admin, runId, (r) => approvalOf(r) !== undefined);
    return { runId, nodeRunId: (approvalOf(run) as ApprovalNodeRun).identifier };
  }

  const approvalOf = (run: RunView) =>
    run.nodeRuns.find((nodeRun) => nodeOf(nodeRun) === 'approval') as ApprovalNodeRun | undefined;
  const decide = (api: AxiosInstance, ids: { runId: string; nodeRunId: string }, body: Json) =>
    api.patch(`/v1/workflows/runs/${ids.runId}/nodes/${ids.nodeRunId}/approval`, body);
  const ranNodes = (run: RunView) => run.nodeRuns.map(nodeOf).sort();

  it('approve: the node waits, the approvers are notified (signed webhook), then the APPROVE outlet runs', async () => {
    const ids = await startRun('approve-flow', {
      approvers: { users: ['alice@acme.io'], teams: ['platform'] },
      notify: { url: `${sink.baseUrl}/notify/approve-flow` },
    });
    const notification = await waitFor(() => sink.requests.find((r) => r.path === '/notify/approve-flow'), {
      description: 'the approval notification',
      timeoutMs: 30_000,
    });
    expect(JSON.parse(notification.body)).toMatchObject({
      type: 'APPROVAL_REQUESTED',
      workflowRun: { identifier: ids.runId },
      workflowNodeRun: { identifier: ids.nodeRunId },
      description: 'Deploy checkout to production?',
      approvers: { users: ['alice@acme.io'], roles: [], teams: ['platform'] },
      decide: `/v1/workflows/runs/${ids.runId}/nodes/${ids.nodeRunId}/approval`,
    });
    const signature = createHmac('sha256', E2E_WEBHOOK_SIGNING_SECRET)
      .update(`${String(notification.headers['x-flowline-timestamp'])}.${notification.body}`)
      .digest('hex');
    expect(notification.headers['x-flowline-signature']).toBe(`sha256=${signature}`);
    expect(notification.headers['x-port-signature']).toMatch(/^v1,/);

    let run = await waitForRun(admin, ids.runId, (r) => r.status === 'IN_PROGRESS');
    expect(approvalOf(run)).toMatchObject({
      status: 'IN_PROGRESS',
      approval: { status: 'WAITING_FOR_APPROVAL', quorum: 'ANY', decisions: [] },
    });
    expect(sink.requests.some((r) => r.path === '/approve-flow/deploy')).toBe(false);

    const answer = await decide(carol(), ids, { status: 'APPROVE', description: 'go' });
    expect(answer.status).toBe(200);
    run = await waitForRun(admin, ids.runId);
    expect(run).toMatchObject({ status: 'COMPLETED', result: 'SUCCESS' });
    expect(ranNodes(run)).toEqual(['approval', 'deploy', 'trigger']);
    expect(run.variables.outputs['approval']).toMatchObject({
      decision: 'APPROVE',
      description: 'go',
      decisions: [{ by: { userId: 'u-carol', email: 'carol@acme.io' }, decision: 'APPROVE' }],
    });
    expect(sink.requests.filter((r) => r.path === '/approve-flow/deploy')).toHaveLength(1);
  });

  it('decline: the DECLINE outlet runs with the reason recorded; the APPROVE branch never runs', async () => {
    const ids = await startRun('decline-flow', { approvers: { users: ['alice@acme.io'] } });
    expect((await decide(alice(), ids, { status: 'DECLINE', description: 'freeze week' })).status).toBe(200);
    const run = await waitForRun(admin, ids.runId);
    expect(run).toMatchObject({ status: 'COMPLETED', result: 'SUCCESS' });
    expect(ranNodes(run)).toEqual(['approval', 'on-decline', 'trigger']);
    expect(approvalOf(run)).toMatchObject({
      output: { decision: 'DECLINE', description: 'freeze week' },
      approval: { status: 'DECLINE', decision: 'DECLINE' },
    });
    expect(sink.requests.some((r) => r.path === '/decline-flow/deploy')).toBe(false);
  });

  it('ALL of two waits for the second approver; a non-approver is refused and a repeat is a conflict', async () => {
    const ids = await startRun('all-flow', {
      approvers: { users: ['alice@acme.io', 'u-bob'] },
      quorum: 'ALL',
    });
    expect((await decide(alice(), ids, { status: 'APPROVE' })).status).toBe(200);
    expect((await decide(alice(), ids, { status: 'APPROVE' })).status).toBe(409);
    const mallory = user('u-mallory', 'mallory@acme.io');
    const refused = await decide(mallory, ids, { status: 'APPROVE' });
    expect(refused.status).toBe(403);
    expect(refused.data).toMatchObject({ ok: false, error: 'forbidden' });
    // The same user id in another org (through that org's portal) does not even see the approval.
    const otherPortal = gatewayApi(
      system.gatewayUrl,
      (await system.createClient('org_e2e_other', 'portal-backend')).accessToken,
    );
    Object.assign(otherPortal.defaults.headers.common, { 'actor-id': 'u-bob', 'actor-email': 'bob@acme.io' });
    expect((await decide(otherPortal, ids, { status: 'APPROVE' })).status).toBe(404);
    const machine = gatewayApi(system.gatewayUrl, (await system.createClient(orgId, 'admin')).accessToken);
    expect((await decide(machine, ids, { status: 'APPROVE' })).status).toBe(403);

    let run = await waitForRun(admin, ids.runId, (r) => r.status === 'IN_PROGRESS');
    expect(approvalOf(run)?.approval).toMatchObject({
      status: 'WAITING_FOR_APPROVAL',
      decisions: [{ by: { userId: 'u-alice' }, decision: 'APPROVE' }],
    });
    expect(ranNodes(run)).toEqual(['approval', 'trigger']);

    expect((await decide(bob(), ids, { status: 'APPROVE' })).status).toBe(200);
    run = await waitForRun(admin, ids.runId);
    expect(ranNodes(run)).toEqual(['approval', 'deploy', 'trigger']);
    const approvers = await bob().get(`/v1/workflows/nodes/runs/${ids.nodeRunId}/approvers`);
    expect(approvers.status).toBe(200);
    expect(
      approvers.data.approvers.map((a: Json) => `${String(a['identifier'])} ${String(a['status'])}`),
    ).toEqual(['alice@acme.io APPROVE', 'u-bob APPROVE']);
  });

  it('a 2-of-3 quorum approves at the second approval', async () => {
    const ids = await startRun('quorum-flow', {
      approvers: { users: ['alice@acme.io', 'u-bob', 'carol@acme.io'] },
      quorum: { count: 2 },
    });
    expect((await decide(alice(), ids, { status: 'DECLINE', description: 'not sure' })).status).toBe(200);
    expect((await decide(bob(), ids, { status: 'APPROVE' })).status).toBe(200);
    let run = await waitForRun(admin, ids.runId, (r) => r.status === 'IN_PROGRESS');
    expect(approvalOf(run)?.status).toBe('IN_PROGRESS');
    expect((await decide(carol(), ids, { status: 'APPROVE', description: 'second yes' })).status).toBe(200);
    run = await waitForRun(admin, ids.runId);
    expect(ranNodes(run)).toEqual(['approval', 'deploy', 'trigger']);
    expect(run.variables.outputs['approval']).toMatchObject({
      decision: 'APPROVE',
      description: 'second yes',
    });
  });

  it('a timeout takes the default outlet', async () => {
    const ids = await startRun('timeout-flow', {
      approvers: { users: ['alice@acme.io'] },
      timeoutSeconds: 1,
      defaultConnectionIdentifier: 'c-timeout',
    });
    const run = await waitForRun(admin, ids.runId);
    expect(ranNodes(run)).toEqual(['approval', 'on-timeout', 'trigger']);
    expect(run.variables.outputs['approval']).toEqual({
      decision: 'TIMEOUT',
      description: null,
      decisions: [],
    });
    expect((await decide(alice(), ids, { status: 'APPROVE' })).status).toBe(409);
  });

  it('a decision survives kill -9 of the orchestrator', async () => {
    const ids = await startRun('durable-flow', {
      approvers: { users: ['alice@acme.io', 'u-bob'] },
      quorum: 'ALL',
    });
    expect((await decide(alice(), ids, { status: 'APPROVE', description: 'before the crash' })).status).toBe(
      200,
    );
    await system.killApp('orchestrator');
    await system.restartApp('orchestrator');

    let run = await waitForRun(admin, ids.runId, (r) => r.status === 'IN_PROGRESS');
    expect(approvalOf(run)?.approval).toMatchObject({
      status: 'WAITING_FOR_APPROVAL',
      decisions: [{ by: { userId: 'u-alice' }, decision: 'APPROVE', description: 'before the crash' }],
    });
    expect((await decide(alice(), ids, { status: 'APPROVE' })).status).toBe(409);
    expect((await decide(bob(), ids, { status: 'APPROVE' })).status).toBe(200);
    run = await waitForRun(admin, ids.runId);
    expect(ranNodes(run)).toEqual(['approval', 'deploy', 'trigger']);
    expect(sink.requests.filter((r) => r.path === '/durable-flow/deploy')).toHaveLength(1);
  }, 120_000);
});
