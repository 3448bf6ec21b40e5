import type { ExecutorBackend, NodeRunStatus, RunResult } from '@flowline/contracts';
import type { ApprovalOutcome } from '@flowline/workflow-schema';
import type { ApprovalState, DecisionRecord } from './approval';
import type { JsonObject, LogLine, RunState } from './run-state';

/** The template context of DESIGN.md §4 without `secrets` (they exist only in executors). */
export interface TemplateContext {
  outputs: JsonObject;
  workflow: { identifier: string; version: number };
  workflowRun: { identifier: string; trigger: { by: JsonObject } };
  workflowNodeRun: { identifier: string };
}

/** One attempt of an action node, for the executor of its backend. */
export interface NodeDispatch {
  backend: ExecutorBackend;
  runId: string;
  nodeRunId: string;
  attempt: number;
  idempotencyKey: string;
  node: {
    identifier: string;
    title?: string;
    config: JsonObject & { type: string };
    timeoutSeconds?: number;
  };
  /** The template context plus the run's chain depth (executors that write entities pass it on). */
  context: TemplateContext & { chainDepth: number };
  /** When the orchestrator stops waiting for this attempt (the node's timeout), if it has one. */
  deadline?: Date;
}

export type TimerKind = 'TIMEOUT' | 'RETRY';

/** A durable timer: due at `dueAt`, about one attempt of one node run. Stale timers are ignored. */
export interface TimerRequest {
  kind: TimerKind;
  nodeRunId: string;
  attempt: number;
  dueAt: Date;
}

export interface RunEvent {
  type: 'WORKFLOW_RUN_STATUS_CHANGED' | 'NODE_RUN_STATUS_CHANGED';
  nodeRunId?: string;
  nodeIdentifier?: string;
  status: NodeRunStatus;
  result: RunResult | null;
}

/** How one attempt of a node run ended (a retried attempt ends FAILED; the last one ends with the node run). */
export interface AttemptOutcome {
  nodeRunId: string;
  attempt: number;
  result: RunResult;
  /** Why it did not succeed. */
  error: string | null;
  at: Date;
}

/**
 * What a transition asks the outside world to do, in order. The service turns these into rows and
 * outbox messages inside the one transaction that also recorded the message being handled.
 */
export type RunEffect =
  | { kind: 'createRun' }
  | { kind: 'updateRun' }
  | { kind: 'createNodeRun'; nodeRunId: string }
  | { kind: 'updateNodeRun'; nodeRunId: string }
  | { kind: 'startAttempt'; nodeRunId: string; attempt: number; at: Date }
  | { kind: 'completeAttempt'; outcome: AttemptOutcome }
  /** `attempt`: the attempt the lines are about, so each attempt shows its own logs. */
  | { kind: 'appendLogs'; nodeRunId: string; attempt: number; logs: LogLine[] }
  | { kind: 'dispatchNode'; dispatch: NodeDispatch }
  | { kind: 'scheduleTimer'; timer: TimerRequest }
  /** An INPUT node run now waits for approvers. */
  | { kind: 'openApproval'; nodeRunId: string; approval: ApprovalState }
  /** An approver decided (counted once per approver). */
  | { kind: 'recordDecision'; nodeRunId: string; decision: DecisionRecord }
  /** The INPUT node run completed: decided (`outcome`), or cancelled (`outcome` null). */
  | { kind: 'closeApproval'; nodeRunId: string; outcome: ApprovalOutcome | null; result: RunResult }
  | { kind: 'emitRunEvent'; event: RunEvent };

/** Why an input changed nothing. */
export type IgnoredReason =
  | 'run-completed'
  | 'unknown-node-run'
  | 'node-run-completed'
  | 'stale-attempt'
  | 'stale-timer'
  /** Dequeue of a run that is not (or no longer) waiting for a slot. */
  | 'not-queued'
  /** A graceful cancel of a run that is already winding down. */
  | 'cancel-requested'
  /** A decision about a node run that is not an approval. */
  | 'not-awaiting-decision'
  /** A decision by someone the approval does not list. */
  | 'not-an-approver'
  /** A second decision by the same approver. */
  | 'already-decided'
  /** A progress report about an approval: only decisions complete it. */
  | 'awaiting-decision';

export type Transition =
  | { applied: true; state: RunState; effects: RunEffect[] }
  | { applied: false; state: RunState; ignored: IgnoredReason };
