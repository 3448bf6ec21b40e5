import { type ExecutionFailure, type ExecutionLog, type ExecutionResult } from '../node-executor';

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
