import type { LogLevel, RunActor, RunResult, TriggerKind } from '@flowline/contracts';
import type { ApprovalDecision } from '@flowline/workflow-schema';
import type { Approver } from './approval';
import type { TimerKind } from './run-effects';
import type { JsonObject, RunOrigin, RunState } from './run-state';

// The inputs the run engine takes, besides a run's state.

/** A run to start: what the run-requested message carries. */
export interface RunRequest {
  runId: string;
  orgId: string;
  runKey: string;
  /** The pinned version's definition as the message carries it (validated again here). */
  workflow: unknown;
  workflowVersion: number;
  trigger: { kind: TriggerKind; nodeIdentifier: string; by: RunActor; output: JsonObject };
  chainDepth: number;
  /** A re-run or retry of another run. */
  origin?: RunOrigin;
}

export interface StartOptions {
  /** Over a concurrency limit: create the run, but start no node until `dequeue`. */
  queued?: boolean;
  /** A retry: the failed run whose successful node runs are taken over instead of run again. */
  reuseFrom?: RunState;
}

/** What an executor (node-completed message) or an external system (PATCH) reports about a node run. */
export interface NodeReport {
  nodeRunId: string;
  /** The attempt reported on; PATCHes leave it out (they are about the current attempt). */
  attempt?: number;
  status: 'IN_PROGRESS' | 'COMPLETED';
  result?: RunResult;
  output?: JsonObject;
  logs: Array<{ logLevel: LogLevel; log?: string; tags?: Record<string, string> }>;
  failure?: { code: string; message: string; retryable: boolean };
  /** Only executors' failures are retried: an external system that reports FAILED means it. */
  source: 'executor' | 'api';
}

export interface TimerFired {
  kind: TimerKind;
  nodeRunId: string;
  attempt: number;
}

/** An approver's decision on an INPUT node run. */
export interface DecisionInput {
  nodeRunId: string;
  by: Approver;
  decision: ApprovalDecision;
  description: string | null;
}

export interface CancelRequest {
  by: string;
  /** Cancel running node runs now, instead of letting them finish. */
  force: boolean;
}

/**
 * Everything that can happen to a run, as one closed type: the unit of work applies any of them the same
 * way (lock, engine, write, admit queued runs, publish), and the engine has one case per kind.
 */
export type RunInput =
  | {
      kind: 'start';
      request: RunRequest;
      /** For concurrency limits per workflow. */
      workflowIdentifier: string;
      options?: Omit<StartOptions, 'queued'>;
    }
  /** A concurrency slot freed: a queued run starts. */
  | { kind: 'dequeue' }
  | { kind: 'nodeReport'; report: NodeReport }
  | { kind: 'timer'; timer: TimerFired }
  | { kind: 'cancel'; cancel: CancelRequest }
  | { kind: 'decision'; decision: DecisionInput };

/** The inputs about a run that exists. */
export type ExistingRunInput = Exclude<RunInput, { kind: 'start' }>;
