import dagre from '@dagrejs/dagre';
import type { Workflow } from '../api/types';
import { edgeKey } from './node-states';

export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 64;

export interface PlacedNode {
  identifier: string;
  title: string;
  type: string;
  x: number;
  y: number;
}

export interface PlacedEdge {
  key: string;
  source: string;
  target: string;
  /** A condition's outlet (its option identifier), or "fallback". */
  label: string | null;
}

/** Where each node of a workflow goes, left to right in the order of its connections (dagre). */
export function layoutWorkflow(workflow: Workflow): { nodes: PlacedNode[]; edges: PlacedEdge[] } {
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 80 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of workflow.nodes)
    graph.setNode(node.identifier, { width: NODE_WIDTH, height: NODE_HEIGHT });
  const known = new Set(workflow.nodes.map((node) => node.identifier));
  const connections = workflow.connections.filter(
    (c) => known.has(c.sourceIdentifier) && known.has(c.targetIdentifier),
  );
  for (const connection of connections) {
    graph.setEdge(connection.sourceIdentifier, connection.targetIdentifier, {}, edgeKey(connection));
  }
  dagre.layout(graph);
  const types = new Map(workflow.nodes.map((node) => [node.identifier, node.config.type]));
  return {
    nodes: workflow.nodes.map((node) => {
      const placed = graph.node(node.identifier);
      return {
        identifier: node.identifier,
        title: node.title ?? node.identifier,
        type: node.config.type,
        x: placed.x - NODE_WIDTH / 2,
        y: placed.y - NODE_HEIGHT / 2,
      };
    }),
    edges: connections.map((connection) => ({
      key: edgeKey(connection),
      source: connection.sourceIdentifier,
      target: connection.targetIdentifier,
      label:
        connection.sourceOptionIdentifier ??
        (types.get(connection.sourceIdentifier) === 'CONDITION' ? 'fallback' : null),
    })),
  };
}
