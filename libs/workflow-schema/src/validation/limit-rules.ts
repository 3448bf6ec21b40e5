import { JsonObject, isJsonObject } from '../json';
import { WorkflowLimits } from '../limits';
import { childPath } from '../paths';
import { Problem, ProblemCode, problem } from '../problems';

/** Counts and per-node execution options against the configured limits. */
export function checkLimits(workflow: JsonObject, limits: WorkflowLimits): Problem[] {
  const problems: Problem[] = [];
  const { nodes, connections } = workflow;
  if (Array.isArray(nodes) && nodes.length > limits.maxNodes) {
    const message = `a workflow may have at most ${limits.maxNodes} nodes; this one has ${nodes.length}`;
    problems.push(problem('nodes', ProblemCode.TOO_MANY_NODES, message));
  }
  if (Array.isArray(connections) && connections.length > limits.maxConnections) {
    const message = `a workflow may have at most ${limits.maxConnections} connections; this one has ${connections.length}`;
    problems.push(problem('connections', ProblemCode.TOO_MANY_CONNECTIONS, message));
  }
  if (isJsonObject(workflow.defaults))
    problems.push(...checkOptionLimits(workflow.defaults, 'defaults', limits));
  if (!Array.isArray(nodes)) return problems;
  nodes.forEach((node, index) => {
    if (isJsonObject(node)) problems.push(...checkOptionLimits(node, childPath('nodes', index), limits));
  });
  return problems;
}

/** A node's (or the workflow defaults') timeout and retry against the limits. */
function checkOptionLimits(owner: JsonObject, ownerPath: string, limits: WorkflowLimits): Problem[] {
  const problems: Problem[] = [];
  const over = (path: string, value: unknown, max: number) => {
    if (typeof value === 'number' && value > max) {
      problems.push(problem(path, ProblemCode.LIMIT_EXCEEDED, `must be at most ${max}`));
    }
  };
  over(childPath(ownerPath, 'timeoutSeconds'), owner.timeoutSeconds, limits.maxTimeoutSeconds);
  if (isJsonObject(owner.retry)) {
    const retryPath = childPath(ownerPath, 'retry');
    over(childPath(retryPath, 'maxAttempts'), owner.retry.maxAttempts, limits.maxRetryAttempts);
    over(childPath(retryPath, 'initialIntervalMs'), owner.retry.initialIntervalMs, limits.maxRetryIntervalMs);
    over(childPath(retryPath, 'maxIntervalMs'), owner.retry.maxIntervalMs, limits.maxRetryIntervalMs);
  }
  return problems;
}
