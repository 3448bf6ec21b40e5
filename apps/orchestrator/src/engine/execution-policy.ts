import { type ExecutionPolicy, resolveExecutionPolicy, type WorkflowNode } from '@flowline/workflow-schema';
import type { WorkflowGraph } from '@flowline/workflow-schema';

/** A node's retry, timeout, onTimeout and onFailure: its own, else the workflow's `defaults`, else built-in. */
export function policyOf(graph: WorkflowGraph, node: WorkflowNode): ExecutionPolicy {
  return resolveExecutionPolicy(node, graph.workflow.defaults);
}
