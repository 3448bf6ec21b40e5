import { type ApprovalOutcome, type Connection, type WorkflowGraph } from '@flowline/workflow-schema';
import { policyOf } from './execution-policy';
import type { NodeRunState } from './run-state';

/**
 * Where each node of a run stands:
 * - `running`: its node run is in progress;
 * - `passed`: it completed and the run goes on past it (success, or a failure with `onFailure: continue`);
 * - `stopped`: it completed with a failure that stops the run;
 * - `skipped`: it will never run (dead path: every edge into it was not taken);
 * - `waiting`: some edge into it is not decided yet;
 * - `ready`: every edge into it is decided and at least one was taken: it runs now.
 */
export type NodeStanding = 'running' | 'passed' | 'stopped' | 'skipped' | 'waiting' | 'ready';

type EdgeState = 'taken' | 'not-taken' | 'undecided';

/**
 * Dead-path elimination over the DAG, in topological order: an edge is taken when its source passed
 * (for a CONDITION or an INPUT, only the edges of the outcome it chose), not taken when its source was skipped or
 * stopped or the condition chose another outcome. A node with several incoming edges (a join) waits until
 * each is decided, then runs once if any was taken, and is skipped otherwise, so branches a condition did
 * not take never hold a join back.
 */
export function nodeStandings(
  graph: WorkflowGraph,
  nodeRuns: readonly NodeRunState[],
): Map<string, NodeStanding> {
  const runsByNode = new Map(nodeRuns.map((nodeRun) => [nodeRun.nodeIdentifier, nodeRun]));
  const standings = new Map<string, NodeStanding>();

  const edgeState = (connection: Connection): EdgeState => {
    const source = standings.get(connection.sourceIdentifier);
    if (source === 'skipped' || source === 'stopped') return 'not-taken';
    if (source !== 'passed') return 'undecided';
    const outcome = runsByNode.get(connection.sourceIdentifier)?.selectedOption ?? undefined;
    if (graph.isInput(connection.sourceIdentifier)) {
      const decision = outcome as ApprovalOutcome | undefined;
      return graph.connectionsForDecision(connection.sourceIdentifier, decision).includes(connection)
        ? 'taken'
        : 'not-taken';
    }
    if (!graph.isCondition(connection.sourceIdentifier)) return 'taken';
    return graph.connectionsForOutcome(connection.sourceIdentifier, outcome).includes(connection)
      ? 'taken'
      : 'not-taken';
  };

  for (const identifier of graph.topologicalOrder()) {
    const nodeRun = runsByNode.get(identifier);
    if (nodeRun) {
      standings.set(identifier, standingOfNodeRun(graph, nodeRun));
      continue;
    }
    const incoming = graph.incomingConnections(identifier);
    // A node without incoming edges is a trigger; only the one that fired has a node run.
    if (incoming.length === 0) {
      standings.set(identifier, 'skipped');
      continue;
    }
    const edges = incoming.map(edgeState);
    if (edges.includes('undecided')) standings.set(identifier, 'waiting');
    else standings.set(identifier, edges.includes('taken') ? 'ready' : 'skipped');
  }
  return standings;
}

function standingOfNodeRun(graph: WorkflowGraph, nodeRun: NodeRunState): NodeStanding {
  if (nodeRun.status === 'IN_PROGRESS') return 'running';
  if (nodeRun.result === 'SUCCESS') return 'passed';
  const node = graph.node(nodeRun.nodeIdentifier);
  return node && policyOf(graph, node).onFailure === 'continue' ? 'passed' : 'stopped';
}

/** The nodes to start now, in topological order (never two on one path: a ready node's sources are done). */
export function readyNodes(graph: WorkflowGraph, nodeRuns: readonly NodeRunState[]): string[] {
  const standings = nodeStandings(graph, nodeRuns);
  return graph.topologicalOrder().filter((identifier) => standings.get(identifier) === 'ready');
}
