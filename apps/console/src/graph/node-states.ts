import type { NodeRun, Run, Workflow, WorkflowConnection } from '../api/types';

/** How a node of a run is drawn. */
export type NodeState =
  'succeeded' | 'failed' | 'cancelled' | 'running' | 'waiting' | 'skipped' | 'not-reached';

/** Whether a connection carried the run (a condition's chosen outlet), was passed over, or neither yet. */
export type EdgeState = 'taken' | 'not-taken' | 'pending';

export interface RunGraphState {
  nodes: Record<string, NodeState>;
  /** Keyed by `edgeKey`. */
  edges: Record<string, EdgeState>;
  /** CONDITION nodes: the option that matched (null: none, the fallback was followed). */
  chosenOptions: Record<string, string | null>;
}

export function edgeKey(connection: WorkflowConnection): string {
  return `${connection.sourceIdentifier}->${connection.targetIdentifier}:${connection.sourceOptionIdentifier ?? ''}`;
}

/** The option a condition's node run chose: from its output, else from its "matched" log line. */
export function chosenOptionOf(nodeRun: NodeRun): string | null | undefined {
  const selected = nodeRun.output?.['selectedOption'];
  if (typeof selected === 'string') return selected;
  if (selected === null) return null;
  for (const line of nodeRun.nodeRunLogs ?? []) {
    const matched = /^option "(.+)" matched$/.exec(line.log);
    if (matched) return matched[1];
  }
  return undefined;
}

function nodeRunState(nodeRun: NodeRun, run: Run): NodeState {
  if (nodeRun.status === 'COMPLETED') {
    if (nodeRun.result === 'SUCCESS') return 'succeeded';
    return nodeRun.result === 'CANCELLED' ? 'cancelled' : 'failed';
  }
  // An approval waits for people, not for the system.
  if (nodeRun.approval?.status === 'WAITING_FOR_APPROVAL') return 'waiting';
  const attempts = nodeRun.attempts ?? [];
  const last = attempts[attempts.length - 1];
  // Queued, between retries, or handed to an external system that reports back later.
  const waitingForRetry = last !== undefined && last.status === 'COMPLETED';
  const reported = Object.keys(nodeRun.output ?? {}).length > 0 || Boolean(nodeRun.externalRunId);
  if (run.queued || waitingForRetry || reported) return 'waiting';
  return 'running';
}

/**
 * Colours every node of the run's workflow version: a node with a node run by that node run's state; a
 * node without one is `skipped` when no branch can reach it any more (a condition chose another outlet,
 * or everything before it was skipped), else `not-reached` (not yet, or the run ended before it).
 */
export function runGraphState(workflow: Workflow, run: Run): RunGraphState {
  const latest = new Map<string, NodeRun>();
  for (const nodeRun of run.nodeRuns) latest.set(nodeRun.node.identifier, nodeRun);
  const nodes: Record<string, NodeState> = {};
  const chosenOptions: Record<string, string | null> = {};
  for (const node of workflow.nodes) {
    const nodeRun = latest.get(node.identifier);
    if (!nodeRun) continue;
    nodes[node.identifier] = nodeRunState(nodeRun, run);
    if (node.config.type === 'CONDITION' && nodeRun.status === 'COMPLETED') {
      const chosen = chosenOptionOf(nodeRun);
      if (chosen !== undefined) chosenOptions[node.identifier] = chosen;
    }
  }
  const edges: Record<string, EdgeState> = {};
  const isDead = (connection: WorkflowConnection): boolean => {
    const source = connection.sourceIdentifier;
    if (nodes[source] === 'skipped') return true;
    if (!(source in chosenOptions)) return false;
    const chosen = chosenOptions[source];
    // An option's edge is dead unless that option matched; the fallback edge is dead once one matched.
    return connection.sourceOptionIdentifier ? connection.sourceOptionIdentifier !== chosen : chosen !== null;
  };
  // Skips spread forward: repeat until no node changes (graphs are acyclic and small).
  for (let changed = true; changed;) {
    changed = false;
    for (const node of workflow.nodes) {
      if (nodes[node.identifier]) continue;
      const incoming = workflow.connections.filter((c) => c.targetIdentifier === node.identifier);
      if (incoming.length > 0 && incoming.every(isDead)) {
        nodes[node.identifier] = 'skipped';
        changed = true;
      }
    }
  }
  for (const node of workflow.nodes) nodes[node.identifier] ??= 'not-reached';
  for (const connection of workflow.connections) {
    const ran = (id: string) => !['skipped', 'not-reached'].includes(nodes[id]);
    edges[edgeKey(connection)] = isDead(connection)
      ? 'not-taken'
      : ran(connection.sourceIdentifier) && ran(connection.targetIdentifier)
        ? 'taken'
        : 'pending';
  }
  return { nodes, edges, chosenOptions };
}
