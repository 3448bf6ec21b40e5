import type { NodeRunEntity, NodeRunLogEntity } from './node-run.entity';
import type { RunEntity } from './run.entity';

// The API shapes of runs and node runs (reference §9.1, §9.2), plus additive fields: `workflow` and
// `node` (Port's later spelling), the node run's `attempt`, `externalRunId` and `links`.

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

export function toNodeRunView(nodeRun: NodeRunEntity, logs: NodeRunLogEntity[] = []) {
  return {
    identifier: nodeRun.identifier,
    workflowRunIdentifier: nodeRun.runIdentifier,
    node: { identifier: nodeRun.nodeIdentifier },
    nodeTitle: nodeRun.nodeTitle,
    nodeIcon: nodeRun.nodeIcon,
    nodeConfigType: nodeRun.nodeType,
    status: nodeRun.status,
    result: nodeRun.result,
    output: nodeRun.output,
    attempt: nodeRun.attempt,
    externalRunId: nodeRun.externalRunId,
    links: nodeRun.links ?? [],
    nodeRunLogs: logs.map(toNodeRunLogView),
    createdAt: iso(nodeRun.createdAt),
    updatedAt: iso(nodeRun.updatedAt),
    completedAt: iso(nodeRun.completedAt),
  };
}

/** A run without its node runs and outputs: what the list answers (each run can be large). */
export function toRunSummaryView(run: RunEntity) {
  return {
    identifier: run.identifier,
    title: run.title,
    icon: run.icon,
    status: run.status,
    result: run.result,
    workflow: { identifier: run.workflowIdentifier, version: run.workflowVersion },
    workflowVersionId: run.workflowVersion,
    createdBy: run.createdBy,
    createdAt: iso(run.createdAt),
    updatedAt: iso(run.updatedAt),
    completedAt: iso(run.completedAt),
  };
}

export function toRunView(run: RunEntity, nodeRuns: NodeRunEntity[], logs: NodeRunLogEntity[]) {
  const logsByNodeRun = new Map<string, NodeRunLogEntity[]>();
  for (const line of logs) {
    const list = logsByNodeRun.get(line.nodeRunIdentifier) ?? [];
    list.push(line);
    logsByNodeRun.set(line.nodeRunIdentifier, list);
  }
  return {
    ...toRunSummaryView(run),
    variables: { outputs: run.outputs },
    nodeRuns: [...nodeRuns]
      .sort((a, b) => a.position - b.position)
      .map((nodeRun) => toNodeRunView(nodeRun, logsByNodeRun.get(nodeRun.identifier))),
  };
}

export type RunView = ReturnType<typeof toRunView>;
export type NodeRunView = ReturnType<typeof toNodeRunView>;
