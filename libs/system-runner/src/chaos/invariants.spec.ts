import { checkInvariants, type KillTestObservations, type RunRecord } from './invariants';
import { planKills, submissionTranches } from './kill-plan';
import { seededRandom } from './random';
import type { RunEvent } from './run-events';
import type { SinkRequest } from './webhook-sink';

const RUN = 'wfr_AAAAAAAAAAAAAAAA';
const A = 'wfnr_AAAAAAAAAAAAAAAA';
const B = 'wfnr_BBBBBBBBBBBBBBBB';

function run(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    identifier: RUN,
    status: 'COMPLETED',
    result: 'SUCCESS',
    nodeRuns: [
      {
        identifier: 'wfnr_TTTTTTTTTTTTTTTT',
        node: 'trigger',
        status: 'COMPLETED',
        result: 'SUCCESS',
        attempt: 1,
        attempts: [],
      },
      {
        identifier: A,
        node: 'call-a',
        status: 'COMPLETED',
        result: 'SUCCESS',
        attempt: 2,
        attempts: [
          { attempt: 1, status: 'COMPLETED', result: 'FAILED' },
          { attempt: 2, status: 'COMPLETED', result: 'SUCCESS' },
        ],
      },
      {
        identifier: B,
        node: 'call-b',
        status: 'COMPLETED',
        result: 'SUCCESS',
        attempt: 1,
        attempts: [{ attempt: 1, status: 'COMPLETED', result: 'SUCCESS' }],
      },
    ],
    ...overrides,
  };
}

function delivery(node: string, nodeRunId: string, key: string, runId = RUN): SinkRequest {
  return {
    path: `/chaos/${node}`,
    headers: { 'idempotency-key': key, 'x-flowline-run-id': runId, 'x-flowline-node-run-id': nodeRunId },
  };
}

function event(id: string, status: string, result: string | null = null, nodeRunId?: string): RunEvent {
  return {
    id,
    type: nodeRunId ? 'NODE_RUN_STATUS_CHANGED' : 'WORKFLOW_RUN_STATUS_CHANGED',
    runId: RUN,
    ...(nodeRunId ? { nodeRunId } : {}),
    status,
    result,
  };
}

function observed(overrides: Partial<KillTestObservations> = {}): KillTestObservations {
  return {
    submissions: [{ key: 'k1', runId: RUN, tries: 2 }],
    resubmissions: [{ key: 'k1', firstRunId: RUN, runId: RUN, answer: `run ${RUN}` }],
    listedRunIds: [RUN],
    runs: new Map([[RUN, run()]]),
    sinkRequests: [
      delivery('call-a', A, `${A}:1`),
      delivery('call-a', A, `${A}:2`),
      delivery('call-a', A, `${A}:2`),
      delivery('call-b', B, `${B}:1`),
    ],
    events: [event('m1', 'IN_PROGRESS'), event('m2', 'COMPLETED', 'SUCCESS')],
    kills: [{ app: 'orchestrator', atMs: 1000, runsInFlight: 7, downMs: 500, restartMs: 9000 }],
    ...overrides,
  };
}

describe('the kill test invariants', () => {
  it('accept redeliveries with the same key and retries after a failed attempt', () => {
    const { figures, violations } = checkInvariants(observed());
    expect(violations).toEqual([]);
    expect(figures).toMatchObject({
      runsSubmitted: 1,
      runsTerminal: 1,
      stuck: 0,
      startedTwice: 0,
      duplicateDeliveriesSameKey: 1,
      keysDeliveredMoreThanOnce: 1,
      retryAttemptsDelivered: 1,
      deliveriesWithConflictingKeys: 0,
      terminalStatusChanges: 0,
      killsByApp: { orchestrator: 1 },
    });
  });

  it('count a run still in progress, or unknown to the API, as stuck', () => {
    const open = run({ status: 'IN_PROGRESS', result: null });
    const stuck = checkInvariants(observed({ runs: new Map([[RUN, open]]), events: [] }));
    expect(stuck.figures.stuck).toBe(1);
    const unknown = checkInvariants(observed({ runs: new Map(), listedRunIds: [], sinkRequests: [] }));
    expect(unknown.figures).toMatchObject({ stuck: 1, runsNeverCreated: 1 });
    expect(unknown.violations.join()).toContain('unknown to the API');
  });

  it('count a second run for a submission, and a resubmission answered with another run', () => {
    const { figures, violations } = checkInvariants(
      observed({
        listedRunIds: [RUN, 'wfr_ZZZZZZZZZZZZZZZZ'],
        resubmissions: [{ key: 'k1', firstRunId: RUN, runId: 'wfr_ZZZZZZZZZZZZZZZZ', answer: '' }],
      }),
    );
    expect(figures.startedTwice).toBe(2);
    expect(violations).toHaveLength(2);
  });

  it('refuse a key of another node run, and a second attempt without a failed first one', () => {
    const { figures } = checkInvariants(
      observed({
        sinkRequests: [delivery('call-a', A, `${B}:1`), delivery('call-b', B, `${B}:2`)],
      }),
    );
    expect(figures.deliveriesWithConflictingKeys).toBe(2);
  });

  it('see a terminal status that changed, ignoring a redelivered older event', () => {
    const replayed = checkInvariants(
      observed({
        events: [event('m1', 'IN_PROGRESS'), event('m2', 'COMPLETED', 'SUCCESS'), event('m1', 'IN_PROGRESS')],
      }),
    );
    expect(replayed.figures).toMatchObject({
      terminalStatusChanges: 0,
      eventsRedelivered: 1,
      staleRedeliveriesAfterTerminal: 1,
    });

    const changed = checkInvariants(
      observed({
        events: [
          event('m2', 'COMPLETED', 'SUCCESS'),
          event('m3', 'IN_PROGRESS'),
          event('n1', 'COMPLETED', 'SUCCESS', A),
          event('n2', 'COMPLETED', 'FAILED', A),
        ],
      }),
    );
    expect(changed.figures).toMatchObject({ terminalStatusChanges: 1, nodeTerminalStatusChanges: 1 });

    const apiDiffers = checkInvariants(observed({ events: [event('m2', 'COMPLETED', 'FAILED')] }));
    expect(apiDiffers.figures.terminalStatusChanges).toBe(1);
  });

  it('plan kills evenly over the targets, the same for the same seed', () => {
    const targets = ['orchestrator', 'executor-webhook'] as const;
    const plan = planKills(seededRandom(7), { kills: 10, targets });
    expect(plan.filter((kill) => kill.app === 'orchestrator')).toHaveLength(5);
    expect(planKills(seededRandom(7), { kills: 10, targets })).toEqual(plan);
  });

  it('submit half the runs at once and the rest in one tranche per kill', () => {
    expect(submissionTranches(100, 4)).toEqual([50, 63, 75, 88, 100]);
    expect(submissionTranches(1000, 10).at(-1)).toBe(1000);
    expect(submissionTranches(10, 0)).toEqual([10]);
  });
});
