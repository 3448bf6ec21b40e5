import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ACTION_WORKFLOW_PREFIX, ActionNodes } from '@flowline/contracts';
import { addToOutbox } from '@flowline/nest-database';
import type { EntityManager } from 'typeorm';
import type { Transition } from '../engine/run-effects';
import type { RunState } from '../engine/run-state';
import { RunEffectWriters, type RunEffectWriter, type TransitionOrigin } from '../runs/run-effect-writers';
import { toNodeRunRow, toRunRow } from '../runs/run-state-mapper';
import { toRunListItemView } from '../runs/run-view';
import { actionRunChanged } from './action-run-changes';
import { ActionRunRepository } from './action-run.repository';
import { actionRunStatusOf, toActionRunView, type WorkflowRunView } from './action-run-view';

/**
 * Announces what the engine does to an action run as Port's run events, in the transaction of the
 * transition: a created event when the run is created, an updated one when its status moves (a
 * synchronous backend answered, an executor finished, an approval opened or was decided, the run was
 * cancelled or failed). Reports through `/v1/actions/runs` announce their own change instead.
 */
@Injectable()
export class ActionRunAnnouncer implements RunEffectWriter, OnModuleInit {
  constructor(
    private readonly writers: RunEffectWriters,
    private readonly actionRuns: ActionRunRepository,
  ) {}

  onModuleInit(): void {
    this.writers.register(this);
  }

  async write(
    manager: EntityManager,
    transition: Transition & { applied: true },
    { before, announcedByCaller }: TransitionOrigin,
  ): Promise<void> {
    const { state } = transition;
    if (announcedByCaller || !state.workflow.identifier.startsWith(ACTION_WORKFLOW_PREFIX)) return;
    if (before !== null && actionRunStatusOf(runViewOf(before)) === actionRunStatusOf(runViewOf(state)))
      return;
    // What the engine does not hold: the run's reported fields and its backend's external id.
    const fields = await this.actionRuns.fieldsOf(state.orgId, state.identifier, manager);
    const externalRunId = await this.actionRuns.externalRunIdOf(manager, state.orgId, state.identifier);
    const viewOf = (run: RunState) => toActionRunView(runViewOf(run, externalRunId), fields);
    const after = viewOf(state);
    await addToOutbox(manager, [
      actionRunChanged(state.orgId, {
        // A created run is its submitter's; a later move is the engine's (Port's own changes say byPort).
        trigger:
          before === null
            ? { by: { orgId: state.orgId, userId: state.createdBy }, origin: after.source }
            : { by: { orgId: state.orgId, byPort: true }, origin: 'API' },
        before: before === null ? null : viewOf(before),
        after,
        at: state.updatedAt,
        // Runs that automations start from these events are one step deeper, so a loop ends.
        chainDepth: state.chainDepth + 1,
      }),
    ]);
  }
}

/** The run as the orchestrator's API shows it, from the engine's state. */
function runViewOf(state: RunState, backendExternalRunId: string | null = null): WorkflowRunView {
  const nodeRuns = state.nodeRuns.map((nodeRun) =>
    Object.assign(toNodeRunRow(state, nodeRun), {
      externalRunId: nodeRun.nodeIdentifier === ActionNodes.backend ? backendExternalRunId : null,
    }),
  );
  return toRunListItemView(toRunRow(state), nodeRuns, new Map()) as unknown as WorkflowRunView;
}
