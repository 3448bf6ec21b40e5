import { Inject, Injectable } from '@nestjs/common';
import type { Transition } from '../engine/run-effects';
import { RunEngine, type RunRequest, type StartOptions } from '../engine/run-engine';
import type { RunState } from '../engine/run-state';
import type { OrchestratorConfig } from '../orchestrator.config';
import type { RunTransaction } from '../runs/run-transaction';

/** Queued runs looked at per release; enough for any realistic number of slots freed at once. */
const MAX_DEQUEUED_PER_PASS = 50;

/**
 * Concurrency limits per workflow and per org (MAX_CONCURRENT_RUNS_PER_WORKFLOW / _PER_ORG, 0 =
 * unlimited), with queueing: a run over a limit is created IN_PROGRESS but `queued` (no node starts), and
 * is started, oldest first, in the same transaction that ends a run holding a slot. Every decision runs
 * under the org's slot lock, inside the caller's run transaction.
 */
@Injectable()
export class RunAdmission {
  private readonly perWorkflow: number;
  private readonly perOrg: number;

  constructor(
    private readonly engine: RunEngine,
    @Inject('SERVICE_CONFIG') config: OrchestratorConfig,
  ) {
    this.perWorkflow = config.MAX_CONCURRENT_RUNS_PER_WORKFLOW;
    this.perOrg = config.MAX_CONCURRENT_RUNS_PER_ORG;
  }

  private get limited(): boolean {
    return this.perWorkflow > 0 || this.perOrg > 0;
  }

  /**
   * Whether a new run must queue: no slot is free, or older runs already wait for one (first come, first
   * served). Call it in the transaction that creates the run, before `start`.
   */
  async mustQueue(tx: RunTransaction, orgId: string, workflowIdentifier: string): Promise<boolean> {
    if (!this.limited) return false;
    await tx.slots.lockOrg(orgId);
    if (this.perOrg > 0) {
      if ((await tx.slots.countActive(orgId)) >= this.perOrg) return true;
      if (await tx.slots.anyQueued(orgId)) return true;
    }
    if (this.perWorkflow > 0) {
      if ((await tx.slots.countActive(orgId, workflowIdentifier)) >= this.perWorkflow) return true;
      if (await tx.slots.anyQueued(orgId, workflowIdentifier)) return true;
    }
    return false;
  }

  /**
   * Creates and starts a run (queued when over a limit) and writes it. When it queued behind older runs
   * although a slot was free, the oldest queued ones start now.
   */
  async launch(
    tx: RunTransaction,
    request: RunRequest,
    workflowIdentifier: string,
    options: Omit<StartOptions, 'queued'> = {},
  ): Promise<Transition> {
    const queued = await this.mustQueue(tx, request.orgId, workflowIdentifier);
    const transition = await this.engine.start(request, { ...options, queued });
    await tx.apply(transition);
    if (queued) await this.startQueued(tx, request.orgId);
    return transition;
  }

  /**
   * Writes a transition and, when it ended a run that held a slot, starts the queued runs that fit now.
   * Every writer of run transitions goes through here.
   */
  async apply(tx: RunTransaction, before: RunState, transition: Transition): Promise<void> {
    await tx.apply(transition);
    if (!transition.applied) return;
    const releasedSlot =
      before.status === 'IN_PROGRESS' && !before.queued && transition.state.status === 'COMPLETED';
    // Without limits no run queues; any left queued from a time with limits are the queue sweeper's.
    if (releasedSlot && this.limited) await this.startQueued(tx, before.orgId);
  }

  /** Starts the org's oldest queued runs while slots are free; returns how many started. */
  async startQueued(tx: RunTransaction, orgId: string): Promise<number> {
    if (this.limited) await tx.slots.lockOrg(orgId);
    const candidates = await tx.slots.lockQueued(orgId, MAX_DEQUEUED_PER_PASS);
    if (candidates.length === 0) return 0;
    let orgActive = this.perOrg > 0 ? await tx.slots.countActive(orgId) : 0;
    const workflowActive = new Map<string, number>();
    let started = 0;
    for (const candidate of candidates) {
      if (this.perOrg > 0 && orgActive >= this.perOrg) break;
      const workflow = candidate.workflowIdentifier;
      let active = 0;
      if (this.perWorkflow > 0) {
        active = workflowActive.get(workflow) ?? (await tx.slots.countActive(orgId, workflow));
        workflowActive.set(workflow, active);
        if (active >= this.perWorkflow) continue;
      }
      const state = await tx.lockRun(orgId, candidate.identifier);
      if (!state) continue;
      const transition = await this.engine.apply(state, { kind: 'dequeue' });
      if (!transition.applied) continue;
      await tx.apply(transition);
      started += 1;
      if (transition.state.status === 'IN_PROGRESS') {
        orgActive += 1;
        workflowActive.set(workflow, active + 1);
      }
    }
    return started;
  }
}
