import type { RunActor, TriggerKind } from '@flowline/contracts';
import type { Workflow } from '@flowline/workflow-schema';
import type { NodeRunState, RunState } from '../engine/run-state';
import { NodeRunEntity } from './node-run.entity';
import { RunEntity } from './run.entity';

// Between the engine's plain state and the rows that hold it.

export function toRunState(run: RunEntity, nodeRuns: NodeRunEntity[]): RunState {
  const trigger = run.trigger as { kind: TriggerKind; nodeIdentifier: string; by: RunActor };
  return {
    identifier: run.identifier,
    orgId: run.orgId,
    runKey: run.runKey,
    workflow: run.definition as unknown as Workflow,
    workflowVersion: run.workflowVersion,
    trigger: { kind: trigger.kind, nodeIdentifier: trigger.nodeIdentifier, by: trigger.by },
    chainDepth: run.chainDepth,
    status: run.status,
    result: run.result,
    queued: run.queued,
    cancelRequest:
      run.cancelRequestedAt && run.cancelRequestedBy
        ? { at: run.cancelRequestedAt, by: run.cancelRequestedBy }
        : null,
    origin: run.rerunOf
      ? { kind: 'rerun', runId: run.rerunOf }
      : run.retryOf
        ? { kind: 'retry', runId: run.retryOf }
        : null,
    outputs: run.outputs,
    nodeRuns: [...nodeRuns].sort((a, b) => a.position - b.position).map(toNodeRunState),
    createdBy: run.createdBy,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    completedAt: run.completedAt,
  };
}

function toNodeRunState(row: NodeRunEntity): NodeRunState {
  return {
    identifier: row.identifier,
    nodeIdentifier: row.nodeIdentifier,
    nodeType: row.nodeType,
    nodeTitle: row.nodeTitle,
    nodeIcon: row.nodeIcon,
    position: row.position,
    status: row.status,
    result: row.result,
    attempt: row.attempt,
    retryDueAt: row.retryDueAt,
    rawOutput: row.rawOutput,
    output: row.output,
    selectedOption: row.selectedOption,
    installationId: row.installationId,
    claimConfig: row.claimConfig,
    approval: row.approval,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    completedAt: row.completedAt,
  };
}

export function toRunRow(state: RunState): RunEntity {
  return Object.assign(new RunEntity(), {
    orgId: state.orgId,
    identifier: state.identifier,
    runKey: state.runKey,
    workflowIdentifier: state.workflow.identifier,
    workflowVersion: state.workflowVersion,
    title: state.workflow.title ?? null,
    icon: state.workflow.icon ?? null,
    allowAnyoneToViewRuns: state.workflow.allowAnyoneToViewRuns !== false,
    definition: state.workflow as unknown as Record<string, unknown>,
    trigger: { ...state.trigger },
    chainDepth: state.chainDepth,
    rerunOf: state.origin?.kind === 'rerun' ? state.origin.runId : null,
    retryOf: state.origin?.kind === 'retry' ? state.origin.runId : null,
    ...runChanges(state),
    createdBy: state.createdBy,
    createdAt: state.createdAt,
  });
}

/** The columns a transition may change on a run. */
export function runChanges(
  state: RunState,
): Pick<
  RunEntity,
  | 'status'
  | 'result'
  | 'queued'
  | 'cancelRequestedAt'
  | 'cancelRequestedBy'
  | 'outputs'
  | 'updatedAt'
  | 'completedAt'
> {
  return {
    status: state.status,
    result: state.result,
    queued: state.queued,
    cancelRequestedAt: state.cancelRequest?.at ?? null,
    cancelRequestedBy: state.cancelRequest?.by ?? null,
    outputs: state.outputs,
    updatedAt: state.updatedAt,
    completedAt: state.completedAt,
  };
}

export function toNodeRunRow(state: RunState, nodeRun: NodeRunState): NodeRunEntity {
  return Object.assign(new NodeRunEntity(), {
    orgId: state.orgId,
    identifier: nodeRun.identifier,
    runIdentifier: state.identifier,
    nodeIdentifier: nodeRun.nodeIdentifier,
    nodeType: nodeRun.nodeType,
    nodeTitle: nodeRun.nodeTitle,
    nodeIcon: nodeRun.nodeIcon,
    position: nodeRun.position,
    ...nodeRunChanges(nodeRun),
    claimedUntil: null,
    ackedAt: null,
    externalRunId: null,
    links: null,
    createdAt: nodeRun.createdAt,
  });
}

/**
 * The columns a transition may change on a node run. Claim columns (claimed_until, acked_at) and the
 * external references are not among them: the claim API and PATCH own those.
 */
export function nodeRunChanges(nodeRun: NodeRunState) {
  return {
    status: nodeRun.status,
    result: nodeRun.result,
    attempt: nodeRun.attempt,
    retryDueAt: nodeRun.retryDueAt,
    rawOutput: nodeRun.rawOutput,
    output: nodeRun.output,
    selectedOption: nodeRun.selectedOption,
    installationId: nodeRun.installationId,
    claimConfig: nodeRun.claimConfig,
    approval: nodeRun.approval,
    updatedAt: nodeRun.updatedAt,
    completedAt: nodeRun.completedAt,
  };
}
