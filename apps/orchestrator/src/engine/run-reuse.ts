import type { WorkflowGraph } from '@flowline/workflow-schema';
import type { NodeRunState, RunState } from './run-state';
import type { TransitionDraft } from './transition-draft';

/**
 * The node runs of `origin` a retry may take over instead of running them again: those that succeeded
 * with nothing upstream of them running differently. A node that failed or was cancelled runs again, and
 * so does everything after it, so a reused output never rests on a result the retry replaces.
 */
export function reusableNodeRuns(graph: WorkflowGraph, origin: RunState): NodeRunState[] {
  const originRuns = new Map(origin.nodeRuns.map((nodeRun) => [nodeRun.nodeIdentifier, nodeRun]));
  const reused: NodeRunState[] = [];
  // Nodes that run again in the retry, and every node after one of them.
  const rerun = new Set<string>();
  for (const identifier of graph.topologicalOrder()) {
    const incoming = graph.incomingConnections(identifier);
    // Triggers have no incoming edges: the retry's own trigger node run replaces the origin's.
    if (incoming.length === 0) continue;
    const nodeRun = originRuns.get(identifier);
    const afterRerun = incoming.some((connection) => rerun.has(connection.sourceIdentifier));
    if (!afterRerun && nodeRun?.status === 'COMPLETED' && nodeRun.result === 'SUCCESS') reused.push(nodeRun);
    else if (afterRerun || nodeRun) rerun.add(identifier);
  }
  return reused;
}

/**
 * Copies the reusable node runs of `origin` into the new run as completed successes, with their outputs
 * (and a CONDITION's chosen option), so they count as done and are not dispatched again.
 */
export function reuseNodeRuns(draft: TransitionDraft, origin: RunState, newNodeRunId: () => string): void {
  for (const previous of reusableNodeRuns(draft.graph, origin)) {
    const node = draft.graph.node(previous.nodeIdentifier);
    const nodeRun = draft.addNodeRun(newNodeRunId(), previous.nodeIdentifier, node, previous.nodeType);
    nodeRun.rawOutput = previous.rawOutput;
    nodeRun.selectedOption = previous.selectedOption;
    draft.log(
      nodeRun,
      'INFO',
      `reused the output of node run ${previous.identifier} of run ${origin.identifier}: not run again`,
    );
    draft.completeNodeRun(nodeRun, 'SUCCESS', previous.output);
    draft.setOutput(previous.nodeIdentifier, previous.output);
  }
}
