import { actionRunIdOf, Topics } from '@flowline/contracts';
import { type ReceivedMessage, testToken, waitFor } from '@flowline/testing';
import { OrchestratorHarness } from '../__tests__/orchestrator-harness';

const ORG = 'org_action_run_events';

type Json = Record<string, unknown>;
const nodeRunOf = (run: Json, node: string) =>
  (run['nodeRuns'] as Json[]).find((nodeRun) => (nodeRun['node'] as Json)['identifier'] === node);

/** An action's workflow as the workflows service builds it: trigger → approval (bob) → backend. */
const gatedAction = {
  identifier: 'action:gated',
  nodes: [
    { identifier: 'trigger', config: { type: 'SELF_SERVE_TRIGGER', userInputs: { properties: {} } } },
    {
      identifier: 'approval',
      config: {
        type: 'INPUT',
        approvers: { users: ['bob'] },
        quorum: 'ANY',
        outlets: [{ decision: 'APPROVE', connectionIdentifier: 'c-approve' }],
      },
    },
    { identifier: 'backend', config: { type: 'WEBHOOK', url: 'https://hooks.example.com/gated' } },
  ],
  connections: [
    { identifier: 'c-start', sourceIdentifier: 'trigger', targetIdentifier: 'approval' },
    { identifier: 'c-approve', sourceIdentifier: 'approval', targetIdentifier: 'backend' },
  ],
};

/** What the run-changed events about one run say: change, status before, status after, by whom. */
function changesOf(received: ReceivedMessage[], runId: string) {
  return received
    .map((message) => message.json as Json)
    .filter((event) => (event['context'] as Json)['runId'] === actionRunIdOf(runId))
    .map((event) => {
      const diff = event['diff'] as { before: Json | null; after: Json };
      return [event['action'], diff.before?.['status'] ?? null, diff.after['status']];
    });
}

/**
 * Action runs announce what the engine does to them (created, waiting for approval, declined, approved,
 * cancelled) on the run-changed topic, each change once; a report through the action-run API is announced
 * by the report alone.
 */
describe('action-run events for engine-driven changes', () => {
  let h: OrchestratorHarness;
  let events: ReceivedMessage[];
  const bob = () => h.http(testToken(ORG, { actorId: 'bob', roles: ['member'] }));
  const admin = () => h.http(testToken(ORG, { actorId: 'admin', roles: ['admin'] }));

  beforeAll(async () => {
    h = await OrchestratorHarness.start('orchestrator-action-run-events');
    events = await h.kafka.collect(h.topic(Topics.actionRunChanged));
  });

  afterAll(async () => {
    await h?.close();
  });

  async function waitingRun(): Promise<{ runId: string; decide: string }> {
    const { runId } = await h.requestRun(ORG, gatedAction);
    const run = await h.waitForRun(ORG, runId, (r) => nodeRunOf(r, 'approval') !== undefined);
    const nodeRunId = nodeRunOf(run, 'approval')?.['identifier'] as string;
    return { runId, decide: `/v1/workflows/runs/${runId}/nodes/${nodeRunId}/approval` };
  }

  const waitForChange = (runId: string, status: string) =>
    waitFor(() => changesOf(events, runId).find((change) => change[2] === status), {
      timeoutMs: 30_000,
      description: `the event of ${runId} becoming ${status}`,
    });

  it('announces a created run waiting for approval, then its decline', async () => {
    const { runId, decide } = await waitingRun();
    await waitForChange(runId, 'WAITING_FOR_APPROVAL');
    expect((await bob().patch(decide, { status: 'DECLINE', description: 'not now' })).status).toBe(200);
    await waitForChange(runId, 'DECLINED');
    expect(changesOf(events, runId)).toEqual([
      ['CREATE', null, 'WAITING_FOR_APPROVAL'],
      ['UPDATE', 'WAITING_FOR_APPROVAL', 'DECLINED'],
    ]);
    const declined = events
      .map((message) => message.json as Json)
      .find((event) => (event['diff'] as { after: Json }).after['status'] === 'DECLINED');
    expect(declined).toMatchObject({
      resourceType: 'run',
      trigger: { by: { orgId: ORG, byPort: true } },
      context: { actionIdentifier: 'gated', runId: actionRunIdOf(runId) },
      diff: { after: { approval: { decision: 'DECLINE', description: 'not now' } } },
      chainDepth: 1,
    });
  });

  it('announces the approval, and a reported end once, by its reporter', async () => {
    const { runId, decide } = await waitingRun();
    expect((await bob().patch(decide, { status: 'APPROVE' })).status).toBe(200);
    await waitForChange(runId, 'IN_PROGRESS');
    await h.waitForRun(ORG, runId, (r) => nodeRunOf(r, 'backend') !== undefined);
    const reported = await admin().patch(`/v1/actions/runs/${actionRunIdOf(runId)}`, {
      status: 'SUCCESS',
      statusLabel: 'done',
    });
    expect(reported.status).toBe(200);
    await waitForChange(runId, 'SUCCESS');
    expect(changesOf(events, runId)).toEqual([
      ['CREATE', null, 'WAITING_FOR_APPROVAL'],
      ['UPDATE', 'WAITING_FOR_APPROVAL', 'IN_PROGRESS'],
      ['UPDATE', 'IN_PROGRESS', 'SUCCESS'],
    ]);
    const ended = events
      .map((message) => message.json as Json)
      .find(
        (event) =>
          (event['context'] as Json)['runId'] === actionRunIdOf(runId) &&
          (event['diff'] as { after: Json }).after['status'] === 'SUCCESS',
      );
    expect(ended).toMatchObject({
      trigger: { by: { orgId: ORG, userId: 'admin' } },
      diff: { after: { statusLabel: 'done' } },
    });
  });

  it('announces a cancelled run as a FAILURE', async () => {
    const { runId, decide } = await waitingRun();
    expect((await bob().patch(decide, { status: 'APPROVE' })).status).toBe(200);
    await h.waitForRun(ORG, runId, (r) => nodeRunOf(r, 'backend') !== undefined);
    const cancelled = await admin().post(
      `/v1/workflows/runs/${runId}/cancel`,
      {},
      { params: { force: true } },
    );
    expect(cancelled.status).toBe(200);
    await waitForChange(runId, 'FAILURE');
    expect(changesOf(events, runId).slice(-1)).toEqual([['UPDATE', 'IN_PROGRESS', 'FAILURE']]);
  });
});
