import { actionOfWorkflow } from '@flowline/contracts';
import {
  type ExecutionFailure,
  type ExecutionLog,
  type ExecutionRequest,
  type ExecutionResult,
} from '../node-executor';

/** Shorthands for executors, so a result always has the shape the orchestrator expects. */
export function succeeded(output: Record<string, unknown>, logs: ExecutionLog[] = []): ExecutionResult {
  return { status: 'COMPLETED', result: 'SUCCESS', output, logs };
}

export function failed(
  failure: ExecutionFailure,
  extras: { output?: Record<string, unknown>; logs?: ExecutionLog[] } = {},
): ExecutionResult {
  const logs = extras.logs ?? [{ logLevel: 'ERROR', log: failure.message }];
  return {
    status: 'COMPLETED',
    result: 'FAILED',
    failure,
    ...(extras.output ? { output: extras.output } : {}),
    logs,
  };
}

export function inProgress(logs: ExecutionLog[] = [], output?: Record<string, unknown>): ExecutionResult {
  return { status: 'IN_PROGRESS', ...(output ? { output } : {}), logs };
}

/**
 * The backend of an action's run adds what it was invoked with (the webhook body sent, the Kafka message)
 * to its output as `request`: the action run shows it as Port's `payload`. Nodes of other workflows keep
 * their output as Port's workflows define it.
 */
export function withActionPayload(
  result: ExecutionResult,
  request: Pick<ExecutionRequest, 'context'>,
  payload: unknown,
): ExecutionResult {
  if (actionOfWorkflow(request.context.workflow.identifier) === undefined) return result;
  if (result.status === 'COMPLETED' && result.result === 'FAILED' && result.output === undefined)
    return { ...result, output: { request: payload } };
  return { ...result, output: { ...result.output, request: payload } } as ExecutionResult;
}
