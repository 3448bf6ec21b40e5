import {
  type DispatchContext,
  type ExecutorBackend,
  type LogLevel,
  type NodeDispatchMessage,
} from '@flowline/contracts';

/** One line of a node run's logs, in the reference's shape (§9.2). */
export interface ExecutionLog {
  logLevel: LogLevel;
  log: string;
  tags?: Record<string, string>;
}

/** Why an attempt failed; `retryable` tells the orchestrator whether another attempt may succeed. */
export interface ExecutionFailure {
  code: string;
  message: string;
  retryable: boolean;
}

/**
 * The raw outcome of one attempt. `IN_PROGRESS`: the side effect was made and an external system will
 * report the result (PATCH of the node run). The orchestrator applies the node's `variables` to `output`.
 */
export type ExecutionResult =
  | { status: 'COMPLETED'; result: 'SUCCESS'; output: Record<string, unknown>; logs: ExecutionLog[] }
  | {
      status: 'COMPLETED';
      result: 'FAILED';
      failure: ExecutionFailure;
      output?: Record<string, unknown>;
      logs: ExecutionLog[];
    }
  | { status: 'IN_PROGRESS'; output?: Record<string, unknown>; logs: ExecutionLog[] };

/** What an executor gets for one attempt: everything is already validated and rendered. */
export interface ExecutionRequest {
  /** The node's config with every `{{ }}` rendered (secrets included): never log it. */
  config: Record<string, unknown>;
  /** The run's template context, without secrets. */
  context: DispatchContext;
  dispatch: NodeDispatchMessage;
  /** `<nodeRunId>:<attempt>`: goes out with every side effect so the receiver can deduplicate. */
  idempotencyKey: string;
  /** Aborted when the orchestrator's deadline for this attempt passes. */
  signal: AbortSignal;
  /** The orchestrator's deadline for this attempt, when it set one. */
  deadline?: Date;
}

/**
 * One class per node type (STYLE.md §6): the only code an executor app writes beyond its config.
 * It returns failures as results (with `retryable`); a thrown error is reported as EXECUTOR_ERROR.
 */
export interface NodeExecutor {
  readonly backend: ExecutorBackend;
  execute(request: ExecutionRequest): Promise<ExecutionResult>;
}

/** The injection token under which the runtime finds the app's executor. */
export const NODE_EXECUTOR = Symbol('NODE_EXECUTOR');
