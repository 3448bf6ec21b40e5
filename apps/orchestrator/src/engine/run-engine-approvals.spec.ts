import { edge, EngineHarness, type Json, webhook, workflow } from './__tests__/engine-harness';
import type { RunEffect } from './run-effects';
import type { RunState } from './run-state';

function approval(config: Json = {}): Json {
  return {
    identifier: 'approval',
    title: 'Approve deploy',
    config: {
      type: 'INPUT',
      description: 'Deploy to production?',
      approvers: { users: ['alice@example.com', 'bob'] },
      outlets: [
        { decision: 'APPROVE', connectionIdentifier: 'c-approve' },
        { decision: 'DECLINE', connectionIdentifier: 'c-decline' },
      ],
      ...config,
    },
  };
}

const definition = (config: Json = {}) =>
  workflow(
    [approval(config), webhook('deploy'), webhook('rollback')],
    [
      edge('trigger', 'approval', { identifier: 'c-start' }),
      edge('approval', 'deploy', { identifier: 'c-approve' }),
      edge('approval', 'rollback', { identifier: 'c-decline' }),
    ],
  );

const alice = { userId: 'u-alice', email: 'Alice@example.com' };
const bob = { userId: 'bob' };
const carol = { userId: 'u-carol', email: 'carol@example.com', roles: ['admin'], teams: ['platform'] };

/** Each effect in one line, with node identifiers instead of node-run ids. */
function describeEffects(state: RunState, effects: RunEffect[]): string[] {
  const node = (id: string) => state.nodeRuns.find((n) => n.identifier === id)?.nodeIdentifier ?? id;
  return effects.map((effect) => {
    switch (effect.kind) {
      case 'createRun':
      case 'updateRun':
        return effect.kind;
      case 'createNodeRun':
      case 'updateNodeRun':
        return `${effect.kind} ${node(effect.nodeRunId)}`;
      case 'startAttempt':
        return `startAttempt ${node(effect.nodeRunId)} ${effect.attempt}`;
      case 'completeAttempt':
        return `completeAttempt ${node(effect.outcome.nodeRunId)} ${effect.outcome.result}`;
      case 'appendLogs':
        return `log ${node(effect.nodeRunId)}: ${effect.logs.map((l) => `${l.logLevel} ${l.log}`).join(' | ')}`;
      case 'dispatchNode':
        return `dispatch ${effect.dispatch.node.identifier} to ${effect.dispatch.backend}`;
      case 'scheduleTimer':
        return `timer ${effect.timer.kind} ${node(effect.timer.nodeRunId)} at ${effect.timer.dueAt.toISOString()}`;
      case 'openApproval':
        return `openApproval ${node(effect.nodeRunId)}`;
      case 'recordDecision':
        return `recordDecision ${node(effect.nodeRunId)} ${effect.decision.decision} by ${effect.decision.by.userId}`;
      case 'closeApproval':
        return `closeApproval ${node(effect.nodeRunId)} ${effect.outcome ?? 'none'} ${effect.result}`;
      case 'emitRunEvent':
        return `event ${effect.event.nodeIdentifier ?? 'run'} ${effect.event.status} ${effect.event.result ?? ''}`.trim();
    }
  });
}

describe('RunEngine: approvals (INPUT nodes)', () => {
  const h = new EngineHarness();
  afterAll(() => h.close());
  const effects = () => describeEffects(h.state, h.effects());

  it('opens the approval when reached: in progress, nothing dispatched but the notification, a timeout timer', async () => {
    await h.start(definition({ timeoutSeconds: 60, notify: { url: 'https://hooks.example.com/approvals' } }));
    const approvalEffects = effects().filter((line) => line.includes('approval'));
    expect(approvalEffects).toEqual([
      'createNodeRun approval',
      'startAttempt approval 1',
      'openApproval approval',
      'timer TIMEOUT approval at 2026-02-01T10:01:00.000Z',
      'log approval: INFO waiting for approval (any approver decides) by alice@example.com, bob',
      'dispatch approval to webhook',
      'log approval: INFO notifying the approvers (webhook)',
      'event approval IN_PROGRESS',
    ]);
    expect(h.dispatches()).toEqual([
      expect.objectContaining({
        backend: 'webhook',
        nodeRunId: h.nodeRun('approval').identifier,
        node: expect.objectContaining({
          config: expect.objectContaining({
            type: 'WEBHOOK',
            url: 'https://hooks.example.com/approvals',
            method: 'POST',
            synchronized: true,
            body: expect.objectContaining({
              type: 'APPROVAL_REQUESTED',
              description: 'Deploy to production?',
              decide: `/v1/workflows/runs/${h.state.identifier}/nodes/${h.nodeRun('approval').identifier}/approval`,
            }),
          }),
        }),
      }),
    ]);
    expect(h.state.status).toBe('IN_PROGRESS');
    expect(h.nodeRun('approval')).toMatchObject({ status: 'IN_PROGRESS', nodeType: 'INPUT' });

    // The notification's result is logged; it does not complete the approval.
    await h.report('approval');
    expect(effects()).toEqual(['updateNodeRun approval', 'log approval: INFO approvers were notified']);
    expect(h.nodeRun('approval').status).toBe('IN_PROGRESS');
  });

  it('approve (ANY): exact effects, the APPROVE outlet runs and the DECLINE outlet is a dead path', async () => {
    await h.start(definition());
    await h.decide('approval', alice, 'APPROVE', 'ship it');
    expect(effects()).toEqual([
      'updateRun',
      'createNodeRun deploy',
      'updateNodeRun approval',
      'recordDecision approval APPROVE by u-alice',
      'log approval: INFO APPROVE by Alice@example.com: ship it',
      'log approval: INFO decided APPROVE: following connection "c-approve"',
      'completeAttempt approval SUCCESS',
      'closeApproval approval APPROVE SUCCESS',
      'startAttempt deploy 1',
      'dispatch deploy to webhook',
      'log deploy: INFO dispatched to the webhook executor (attempt 1)',
      'event approval COMPLETED SUCCESS',
      'event deploy IN_PROGRESS',
    ]);
    expect(h.state.outputs['approval']).toEqual({
      decision: 'APPROVE',
      description: 'ship it',
      decisions: [
        {
          by: { userId: 'u-alice', email: 'Alice@example.com' },
          decision: 'APPROVE',
          description: 'ship it',
          at: '2026-02-01T10:00:00.000Z',
        },
      ],
    });
    await h.report('deploy');
    expect(h.ranNodes()).toEqual(['trigger', 'approval', 'deploy']);
    expect(h.state).toMatchObject({ status: 'COMPLETED', result: 'SUCCESS' });
  });

  it('decline takes the DECLINE outlet; without one the branch ends and the run completes', async () => {
    await h.start(definition());
    await h.decide('approval', bob, 'DECLINE', 'not today');
    expect(h.ranNodes()).toEqual(['trigger', 'approval', 'rollback']);
    expect(h.nodeRun('approval').output).toMatchObject({ decision: 'DECLINE', description: 'not today' });

    const approveOnly = workflow(
      [
        approval({ outlets: [{ decision: 'APPROVE', connectionIdentifier: 'c-approve' }] }),
        webhook('deploy'),
      ],
      [
        edge('trigger', 'approval', { identifier: 'c-start' }),
        edge('approval', 'deploy', { identifier: 'c-approve' }),
      ],
    );
    await h.start(approveOnly);
    await h.decide('approval', bob, 'DECLINE', 'no');
    expect(h.logsOf('approval')).toContain('INFO decided DECLINE: no outlet for it, this branch ends');
    expect(h.ranNodes()).toEqual(['trigger', 'approval']);
    expect(h.state).toMatchObject({ status: 'COMPLETED', result: 'SUCCESS' });
  });

  it('refuses non-approvers and a second decision by the same approver, changing nothing', async () => {
    await h.start(definition({ quorum: 'ALL' }));
    expect(await h.decide('approval', { userId: 'mallory' }, 'APPROVE')).toMatchObject({
      applied: false,
      ignored: 'not-an-approver',
    });
    await h.decide('approval', alice, 'APPROVE');
    expect(h.nodeRun('approval').status).toBe('IN_PROGRESS');
    expect(await h.decide('approval', alice, 'APPROVE')).toMatchObject({
      applied: false,
      ignored: 'already-decided',
    });
    expect(await h.decide('trigger', alice, 'APPROVE')).toMatchObject({
      applied: false,
      ignored: 'not-awaiting-decision',
    });
  });

  it('ALL waits for every listed approver; one decline declines', async () => {
    await h.start(definition({ quorum: 'ALL' }));
    await h.decide('approval', alice, 'APPROVE');
    expect(h.effects().some((e) => e.kind === 'closeApproval')).toBe(false);
    expect(h.ranNodes()).toEqual(['trigger', 'approval']);
    await h.decide('approval', bob, 'APPROVE', 'ok');
    expect(h.ranNodes()).toEqual(['trigger', 'approval', 'deploy']);
    expect(h.nodeRun('approval').output).toMatchObject({ decision: 'APPROVE', description: 'ok' });

    await h.start(definition({ quorum: 'ALL' }));
    await h.decide('approval', alice, 'APPROVE');
    await h.decide('approval', bob, 'DECLINE');
    expect(h.nodeRun('approval').output).toMatchObject({ decision: 'DECLINE' });
  });

  it('ALL counts a role or team as one approver: anyone holding it', async () => {
    await h.start(definition({ quorum: 'ALL', approvers: { users: ['bob'], roles: ['Admin'] } }));
    await h.decide('approval', carol, 'APPROVE');
    expect(h.nodeRun('approval').status).toBe('IN_PROGRESS');
    await h.decide('approval', bob, 'APPROVE');
    expect(h.nodeRun('approval').output).toMatchObject({ decision: 'APPROVE' });
  });

  it('a 2-of-3 quorum approves at the second approval, and declines once 2 can no longer be reached', async () => {
    const approvers = { users: ['alice@example.com', 'bob', 'u-carol'] };
    await h.start(definition({ quorum: { count: 2 }, approvers }));
    await h.decide('approval', alice, 'APPROVE');
    await h.decide('approval', bob, 'DECLINE');
    expect(h.nodeRun('approval').status).toBe('IN_PROGRESS');
    await h.decide('approval', carol, 'APPROVE', 'second');
    expect(h.nodeRun('approval').output).toMatchObject({ decision: 'APPROVE', description: 'second' });
    expect(h.ranNodes()).toContain('deploy');

    await h.start(definition({ quorum: { count: 2 }, approvers }));
    await h.decide('approval', alice, 'DECLINE');
    expect(h.nodeRun('approval').status).toBe('IN_PROGRESS');
    await h.decide('approval', bob, 'DECLINE');
    expect(h.nodeRun('approval').output).toMatchObject({ decision: 'DECLINE' });
  });

  it('a timeout takes the default outlet, and a stale or early decision after it is refused', async () => {
    await h.start(definition({ timeoutSeconds: 30, defaultConnectionIdentifier: 'c-decline' }));
    const nodeRunId = h.nodeRun('approval').identifier;
    h.now = new Date('2026-02-01T10:00:30.000Z');
    await h.fire({ kind: 'TIMEOUT', nodeRunId, attempt: 1 });
    expect(effects().filter((line) => line.includes('approval'))).toEqual([
      'updateNodeRun approval',
      'log approval: WARN no decision before the timeout',
      'log approval: INFO decided TIMEOUT: following connection "c-decline"',
      'completeAttempt approval SUCCESS',
      'closeApproval approval TIMEOUT SUCCESS',
      'event approval COMPLETED SUCCESS',
    ]);
    expect(h.nodeRun('approval').output).toEqual({ decision: 'TIMEOUT', description: null, decisions: [] });
    expect(h.ranNodes()).toEqual(['trigger', 'approval', 'rollback']);
    expect(await h.decide('approval', alice, 'APPROVE')).toMatchObject({
      applied: false,
      ignored: 'node-run-completed',
    });
  });

  it('a cancel cancels a waiting approval at once, and an API report cannot complete it', async () => {
    await h.start(definition());
    expect(
      await h.report('approval', { source: 'api', status: 'COMPLETED', result: 'SUCCESS' }),
    ).toMatchObject({ applied: false, ignored: 'awaiting-decision' });
    await h.cancel();
    expect(effects()).toContain('closeApproval approval none CANCELLED');
    expect(h.state).toMatchObject({ status: 'COMPLETED', result: 'CANCELLED' });
    expect(h.nodeRun('approval')).toMatchObject({ status: 'COMPLETED', result: 'CANCELLED' });
  });
});
