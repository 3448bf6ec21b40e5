import { loadConfig } from '@flowline/nest-service';
import type { Transition } from '../engine/run-effects';
import type { ExistingRunInput, RunEngine } from '../engine/run-engine';
import type { RunState } from '../engine/run-state';
import { OrchestratorConfig } from '../orchestrator.config';
import type { RunTransaction } from '../runs/run-transaction';
import { RunAdmission } from './run-admission';

interface FakeRun {
  identifier: string;
  workflow: string;
  status: 'IN_PROGRESS' | 'COMPLETED';
  queued: boolean;
}

/** The slot queries over an in-memory list of runs (oldest first); the admission logic is what is tested. */
class FakeRunTransaction {
  locks = 0;
  constructor(readonly runs: FakeRun[]) {}

  readonly slots = {
    lockOrg: async () => {
      this.locks += 1;
    },
    countActive: async (_org: string, workflow?: string) =>
      this.runs.filter(
        (r) => r.status === 'IN_PROGRESS' && !r.queued && (!workflow || r.workflow === workflow),
      ).length,
    anyQueued: async (_org: string, workflow?: string) =>
      this.runs.some((r) => r.status === 'IN_PROGRESS' && r.queued && (!workflow || r.workflow === workflow)),
    lockQueued: async (_org: string, limit: number) =>
      this.runs
        .filter((r) => r.status === 'IN_PROGRESS' && r.queued)
        .slice(0, limit)
        .map((r) => ({ identifier: r.identifier, workflowIdentifier: r.workflow })),
  };

  async lockRun(_org: string, identifier: string): Promise<RunState> {
    const run = this.runs.find((r) => r.identifier === identifier) as FakeRun;
    return { identifier, orgId: 'org_a', queued: run.queued, status: run.status } as RunState;
  }

  async apply(transition: Transition): Promise<void> {
    if (!transition.applied) return;
    const run = this.runs.find((r) => r.identifier === transition.state.identifier) as FakeRun;
    run.queued = transition.state.queued;
    run.status = transition.state.status;
  }
}

const engine = {
  apply: async (state: RunState, input: ExistingRunInput): Promise<Transition> => {
    if (input.kind !== 'dequeue') throw new Error(`unexpected ${input.kind}`);
    return { applied: true, state: { ...state, queued: false }, effects: [] };
  },
} as unknown as RunEngine;

function admission(env: Record<string, string>): RunAdmission {
  const config = loadConfig(OrchestratorConfig, {
    DATABASE_URL: 'postgres://localhost/flowline',
    KAFKA_BROKERS: 'localhost:9092',
    AUTH_JWT_SECRET: 'x'.repeat(32),
    ...env,
  });
  return new RunAdmission(engine, config);
}

const run = (identifier: string, workflow: string, state: 'active' | 'queued' | 'done'): FakeRun => ({
  identifier,
  workflow,
  status: state === 'done' ? 'COMPLETED' : 'IN_PROGRESS',
  queued: state === 'queued',
});
const tx = (runs: FakeRun[]) =>
  new FakeRunTransaction(runs) as unknown as RunTransaction & FakeRunTransaction;

describe('RunAdmission', () => {
  it('never queues nor takes the slot lock without limits (0 = unlimited)', async () => {
    const t = tx([run('a', 'wf', 'active'), run('b', 'wf', 'active')]);
    expect(await admission({}).mustQueue(t, 'org_a', 'wf')).toBe(false);
    expect(t.locks).toBe(0);
  });

  it('queues a run over the per-workflow limit, and behind runs of its workflow already waiting', async () => {
    const perWorkflow = admission({ MAX_CONCURRENT_RUNS_PER_WORKFLOW: '2' });
    expect(await perWorkflow.mustQueue(tx([run('a', 'wf', 'active')]), 'org_a', 'wf')).toBe(false);
    const full = tx([run('a', 'wf', 'active'), run('b', 'wf', 'active'), run('c', 'other', 'active')]);
    expect(await perWorkflow.mustQueue(full, 'org_a', 'wf')).toBe(true);
    expect(await perWorkflow.mustQueue(full, 'org_a', 'other')).toBe(false);
    expect(full.locks).toBe(2);
    const waiting = tx([run('a', 'wf', 'active'), run('q', 'wf', 'queued')]);
    expect(await perWorkflow.mustQueue(waiting, 'org_a', 'wf')).toBe(true);
  });

  it('queues a run over the per-org limit whatever its workflow', async () => {
    const perOrg = admission({ MAX_CONCURRENT_RUNS_PER_ORG: '2' });
    const full = tx([run('a', 'one', 'active'), run('b', 'two', 'active')]);
    expect(await perOrg.mustQueue(full, 'org_a', 'three')).toBe(true);
    expect(
      await perOrg.mustQueue(tx([run('a', 'one', 'active'), run('b', 'two', 'done')]), 'org_a', 'x'),
    ).toBe(false);
  });

  it('starts queued runs oldest first while slots are free, passing over workflows at their limit', async () => {
    const limits = admission({ MAX_CONCURRENT_RUNS_PER_WORKFLOW: '1', MAX_CONCURRENT_RUNS_PER_ORG: '3' });
    const t = tx([
      run('busy', 'wf-a', 'active'),
      run('q1', 'wf-a', 'queued'),
      run('q2', 'wf-b', 'queued'),
      run('q3', 'wf-b', 'queued'),
      run('q4', 'wf-c', 'queued'),
      run('q5', 'wf-d', 'queued'),
    ]);
    expect(await limits.startQueued(t, 'org_a')).toBe(2);
    expect(t.runs.filter((r) => !r.queued).map((r) => r.identifier)).toEqual(['busy', 'q2', 'q4']);
  });

  it('starts the oldest queued run when a run holding a slot ends, not when a queued run ends', async () => {
    const limits = admission({ MAX_CONCURRENT_RUNS_PER_WORKFLOW: '1' });
    const t = tx([run('done', 'wf', 'done'), run('q1', 'wf', 'queued'), run('q2', 'wf', 'queued')]);
    const ended = (queued: boolean) => ({
      before: { identifier: 'done', orgId: 'org_a', status: 'IN_PROGRESS', queued } as RunState,
      transition: {
        applied: true,
        state: { identifier: 'done', orgId: 'org_a', status: 'COMPLETED', queued: false } as RunState,
        effects: [],
      } as Transition,
    });
    const queuedEnd = ended(true);
    await limits.apply(t, queuedEnd.before, queuedEnd.transition);
    expect(t.runs.filter((r) => r.queued).map((r) => r.identifier)).toEqual(['q1', 'q2']);
    const slotEnd = ended(false);
    await limits.apply(t, slotEnd.before, slotEnd.transition);
    expect(t.runs.filter((r) => r.queued).map((r) => r.identifier)).toEqual(['q2']);
  });
});
