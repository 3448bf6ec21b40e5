import { reachableFrom, topologicalOrder } from './graph-algorithms';
import { CONDITION_TYPE, INPUT_TYPE, NodeType, isActionType, isTriggerType } from './model/node-types';
import type { ApprovalOutcome, InputConfig } from './model/nodes/input';
import { Connection, Workflow, WorkflowNode, WorkflowNodeOf } from './model/workflow';

/**
 * Read-only questions the orchestrator asks about a validated, canonical workflow: where runs start,
 * which edges leave or enter a node, which edges a CONDITION outcome selects, and an order in which
 * every node comes after all of its predecessors. Built once per workflow version; pure.
 */
export class WorkflowGraph {
  private readonly nodesById: ReadonlyMap<string, WorkflowNode>;
  private readonly outgoing: ReadonlyMap<string, readonly Connection[]>;
  private readonly incoming: ReadonlyMap<string, readonly Connection[]>;
  private readonly order: readonly string[];

  constructor(readonly workflow: Workflow) {
    this.nodesById = new Map(workflow.nodes.map((node) => [node.identifier, node]));
    const outgoing = new Map<string, Connection[]>(workflow.nodes.map((node) => [node.identifier, []]));
    const incoming = new Map<string, Connection[]>(workflow.nodes.map((node) => [node.identifier, []]));
    for (const connection of workflow.connections) {
      outgoing.get(connection.sourceIdentifier)?.push(connection);
      incoming.get(connection.targetIdentifier)?.push(connection);
    }
    this.outgoing = outgoing;
    this.incoming = incoming;
    this.order = topologicalOrder(
      workflow.nodes.map((node) => node.identifier),
      this.successorMap(),
    ).order;
  }

  node(identifier: string): WorkflowNode | undefined {
    return this.nodesById.get(identifier);
  }

  nodeOfType<T extends NodeType>(identifier: string, type: T): WorkflowNodeOf<T> | undefined {
    const node = this.nodesById.get(identifier);
    return node?.config.type === type ? (node as WorkflowNodeOf<T>) : undefined;
  }

  triggerNodes(): WorkflowNode[] {
    return this.workflow.nodes.filter((node) => isTriggerType(node.config.type));
  }

  actionNodes(): WorkflowNode[] {
    return this.workflow.nodes.filter((node) => isActionType(node.config.type));
  }

  outgoingConnections(identifier: string): readonly Connection[] {
    return this.outgoing.get(identifier) ?? [];
  }

  incomingConnections(identifier: string): readonly Connection[] {
    return this.incoming.get(identifier) ?? [];
  }

  /**
   * The edges a CONDITION follows for its outcome: those of the option that matched, or with no match
   * (`optionIdentifier` undefined) the fallback edge, if any. Every other outgoing edge is not taken.
   */
  connectionsForOutcome(conditionIdentifier: string, optionIdentifier: string | undefined): Connection[] {
    return this.outgoingConnections(conditionIdentifier).filter((connection) =>
      optionIdentifier === undefined
        ? connection.fallback === true
        : connection.sourceOptionIdentifier === optionIdentifier,
    );
  }

  /**
   * The edges an INPUT node follows for its outcome: the outlet of the decision, or on timeout the
   * default connection. A decision without an outlet takes no edge (the branch ends).
   */
  connectionsForDecision(inputIdentifier: string, outcome: ApprovalOutcome | undefined): Connection[] {
    const config = this.nodesById.get(inputIdentifier)?.config as InputConfig | undefined;
    if (config?.type !== INPUT_TYPE || outcome === undefined) return [];
    const wanted =
      outcome === 'TIMEOUT'
        ? config.defaultConnectionIdentifier
        : config.outlets.find((outlet) => outlet.decision === outcome)?.connectionIdentifier;
    if (wanted === undefined) return [];
    return this.outgoingConnections(inputIdentifier).filter((connection) => connection.identifier === wanted);
  }

  isInput(identifier: string): boolean {
    return this.nodesById.get(identifier)?.config.type === INPUT_TYPE;
  }

  isCondition(identifier: string): boolean {
    return this.nodesById.get(identifier)?.config.type === CONDITION_TYPE;
  }

  /** Every node in an order where each comes after all of its predecessors (triggers first). */
  topologicalOrder(): readonly string[] {
    return this.order;
  }

  /** Nodes downstream of `identifier`, itself excluded, e.g. to skip a branch that was not taken. */
  descendantsOf(identifier: string): Set<string> {
    const reached = reachableFrom(
      this.outgoingConnections(identifier).map((c) => c.targetIdentifier),
      this.successorMap(),
    );
    reached.delete(identifier);
    return reached;
  }

  private successorMap(): Map<string, string[]> {
    return new Map(
      [...this.outgoing].map(([id, connections]) => [id, connections.map((c) => c.targetIdentifier)]),
    );
  }
}
