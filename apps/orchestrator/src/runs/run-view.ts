import { maskSealedInputs } from '@flowline/contracts';
import { approvalView } from '../engine/approval';
import type { NodeRunAttemptEntity, NodeRunEntity, NodeRunLogEntity } from './node-run.entity';
import type { RunEntity } from './run.entity';

// The API shapes of runs and node runs (reference §9.1, §9.2), plus additive fields: `workflow` and
// `node` (Port's later spelling), the node run's `attempt`, `attempts`, `externalRunId`, `links` and
// (INPUT node runs) `approval`, and
// the run's `queued`, `cancelRequestedAt`/`cancelRequestedBy`, `rerunOf` and `retryOf`. Secret user
// inputs (sealed) are shown masked.

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toNodeRunLogView(line: NodeRunLogEntity) {
  return {
    logLevel: line.logLevel,
    log: line.log,
    tags: line.tags,
    createdAt: iso(line.createdAt),
    updatedAt: iso(line.createdAt),
  };
}

/** Each attempt with the log lines written about it. */
function toAttemptViews(attempts: NodeRunAttemptEntity[], logs: NodeRunLogEntity[]) {
  return [...attempts]
    .sort((a, b) => a.attempt - b.attempt)
    .map((attempt) => ({
      attempt: attempt.attempt,
      status: attempt.status,
      result: attempt.result,
      error: attempt.error,
      startedAt: iso(attempt.startedAt),
      completedAt: iso(attempt.completedAt),
      logs: logs.filter((line) => line.attempt === attempt.attempt).map(toNodeRunLogView),
    }));
}

/** `attempts` only when given (the run view has them; a claimed node run is shown without). */
export function toNodeRunView(
  nodeRun: NodeRunEntity,
  logs: NodeRunLogEntity[] = [],
  attempts?: NodeRunAttemptEntity[],
) {
  return {
    identifier: nodeRun.identifier,
    workflowRunIdentifier: nodeRun.runIdentifier,
    node: { identifier: nodeRun.nodeIdentifier },
    nodeTitle: nodeRun.nodeTitle,
    nodeIcon: nodeRun.nodeIcon,
    nodeConfigType: nodeRun.nodeType,
    status: nodeRun.status,
    result: nodeRun.result,
    output: maskSealedInputs(nodeRun.output),
    attempt: nodeRun.attempt,
    ...(attempts ? { attempts: toAttemptViews(attempts, logs) } : {}),
    externalRunId: nodeRun.externalRunId,
    links: nodeRun.links ?? [],
    ...(nodeRun.approval ? { approval: approvalView(nodeRun) } : {}),
    nodeRunLogs: logs.map(toNodeRunLogView),
    createdAt: iso(nodeRun.createdAt),
    updatedAt: iso(nodeRun.updatedAt),
    completedAt: iso(nodeRun.completedAt),
  };
}

/** A run without its node runs and outputs. */
export function toRunSummaryView(run: RunEntity) {
  return {
    identifier: run.identifier,
    title: run.title,
    icon: run.icon,
    status: run.status,
    result: run.result,
    queued: run.queued,
    cancelRequestedAt: iso(run.cancelRequestedAt),
    cancelRequestedBy: run.cancelRequestedBy,
    rerunOf: run.rerunOf,
    retryOf: run.retryOf,
    workflow: { identifier: run.workflowIdentifier, version: run.workflowVersion },
    workflowVersionId: run.workflowVersion,
    createdBy: run.createdBy,
    createdAt: iso(run.createdAt),
    updatedAt: iso(run.updatedAt),
    completedAt: iso(run.completedAt),
  };
}

/** An item of the run list: the summary with `variables` and the node runs (without attempts). */
export function toRunListItemView(
  run: RunEntity,
  nodeRuns: NodeRunEntity[],
  logsByNodeRun: ReadonlyMap<string, NodeRunLogEntity[]>,
) {
  return {
    ...toRunSummaryView(run),
    variables: { outputs: maskSealedInputs(run.outputs) },
    nodeRuns: [...nodeRuns]
      .sort((a, b) => a.position - b.position)
      .map((nodeRun) => toNodeRunView(nodeRun, logsByNodeRun.get(nodeRun.identifier))),
  };
}

export function toRunView(
  run: RunEntity,
  nodeRuns: NodeRunEntity[],
  logs: NodeRunLogEntity[],
  attempts: NodeRunAttemptEntity[] = [],
) {
  const byNodeRun = <T extends { nodeRunIdentifier: string }>(rows: T[]) => {
    const grouped = new Map<string, T[]>();
    for (const row of rows) {
      const list = grouped.get(row.nodeRunIdentifier) ?? [];
      list.push(row);
      grouped.set(row.nodeRunIdentifier, list);
    }
    return grouped;
  };
  const logsByNodeRun = byNodeRun(logs);
  const attemptsByNodeRun = byNodeRun(attempts);
  return {
    ...toRunSummaryView(run),
    variables: { outputs: maskSealedInputs(run.outputs) },
    nodeRuns: [...nodeRuns]
      .sort((a, b) => a.position - b.position)
      .map((nodeRun) =>
        toNodeRunView(
          nodeRun,
          logsByNodeRun.get(nodeRun.identifier),
          attemptsByNodeRun.get(nodeRun.identifier) ?? [],
        ),
      ),
  };
}

export type RunView = ReturnType<typeof toRunView>;
export type NodeRunView = ReturnType<typeof toNodeRunView>;
