import {
  Background,
  type Edge,
  MarkerType,
  type Node,
  type NodeChange,
  Position,
  ReactFlow,
} from '@xyflow/react';
import { useCallback, useMemo, useState } from 'react';
import type { Workflow } from '../api/types';
import { layoutWorkflow, NODE_HEIGHT, NODE_WIDTH } from './graph-layout';
import type { RunGraphState } from './node-states';

interface Props {
  workflow: Workflow;
  /** Colours from a run; without it the graph is drawn plain. */
  state?: RunGraphState;
  selected?: string | null;
  onSelect?: (nodeIdentifier: string) => void;
}

/** A workflow version drawn as a graph; each node carries its run state as `data-state` and a class. */
export function WorkflowGraph({ workflow, state, selected, onSelect }: Props) {
  const layout = useMemo(() => layoutWorkflow(workflow), [workflow]);
  const drawn: Node[] = layout.nodes.map((placed) => {
    const nodeState = state?.nodes[placed.identifier] ?? 'plain';
    return {
      id: placed.identifier,
      position: { x: placed.x, y: placed.y },
      className: `flow-node state-${nodeState}${selected === placed.identifier ? ' selected' : ''}`,
      style: { width: NODE_WIDTH, height: NODE_HEIGHT },
      // Laid out left to right: edges leave on the right, arrive on the left.
      sourcePosition: Position.Right,
      targetPosition: Position.Left,
      draggable: false,
      connectable: false,
      data: {
        label: (
          <div data-testid={`node-${placed.identifier}`} data-state={nodeState}>
            <div className="node-title">{placed.title}</div>
            <div className="node-meta">
              {placed.type}
              {state ? ` · ${nodeState}` : ''}
            </div>
          </div>
        ),
      },
    };
  });
  const nodes = useMeasuredNodes(drawn);
  const edges: Edge[] = layout.edges.map((placed) => {
    const edgeState = state?.edges[placed.key] ?? 'pending';
    const chosen =
      state &&
      placed.label !== null &&
      state.chosenOptions[placed.source] !== undefined &&
      edgeState === 'taken';
    return {
      id: placed.key,
      source: placed.source,
      target: placed.target,
      label: placed.label ? `${chosen ? '✔ ' : ''}${placed.label}` : undefined,
      className: `flow-edge edge-${edgeState}${chosen ? ' edge-chosen' : ''}`,
      animated: edgeState === 'pending' && state?.nodes[placed.source] === 'running',
      markerEnd: { type: MarkerType.ArrowClosed },
      data: { state: edgeState },
    };
  });
  return (
    <div className="graph" data-testid="workflow-graph">
      <ReactFlow
        nodes={nodes.current}
        edges={edges}
        fitView
        onNodesChange={nodes.onChange}
        nodesDraggable={false}
        nodesConnectable={false}
        onNodeClick={(_, node) => onSelect?.(node.id)}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
      </ReactFlow>
    </div>
  );
}

/**
 * The nodes as drawn, with the size React Flow measured kept across renders. React Flow hides a node until
 * it knows the node's size and its handles; a re-render (each run event) hands it fresh node objects, and
 * one without `measured` is measured again, which never happens when the size did not change: the node
 * stayed hidden and its edges undrawn. So measurements are taken from its changes and handed back.
 */
function useMeasuredNodes(drawn: Node[]): { current: Node[]; onChange: (changes: NodeChange[]) => void } {
  const [measured, setMeasured] = useState<ReadonlyMap<string, Node['measured']>>(new Map());
  const onChange = useCallback((changes: NodeChange[]) => {
    const sized = changes.flatMap((change) =>
      change.type === 'dimensions' && change.dimensions
        ? [[change.id, { ...change.dimensions }] as const]
        : [],
    );
    if (sized.length > 0) setMeasured((current) => new Map([...current, ...sized]));
  }, []);
  const current = drawn.map((node) => {
    const size = measured.get(node.id);
    return size ? { ...node, measured: size } : node;
  });
  return { current, onChange };
}
