import type { LogLevel, NodeRunStatus, RunActor, RunResult, TriggerKind } from '@flowline/contracts';
import type { Workflow } from '@flowline/workflow-schema';
import type { ApprovalState } from './approval';

// The run as the engine sees it: plain data, loaded by the service from PostgreSQL before a transition
// and written back from the transition's effects. Nothing here knows about TypeORM or Kafka.

export type JsonObject = Record<string, unknown>;

export interface LogLine {
  logLevel: LogLevel;
  log: string;
  tags: Record<string, string>;
  at: Date;
}

export interface NodeRunState {
  /** `wfnr_…` */
  identifier: string;
  nodeIdentifier: string;
  /** The node's `config.type` (`nodeConfigType` on the API). */
  nodeType: string;
  nodeTitle: string | null;
  nodeIcon: string | null;
  /** Order of creation within the run (the API lists node runs in this order). */
  position: number;
  status: NodeRunStatus;
  result: RunResult | null;
  /** 1 for the first attempt; a retry dispatches the same node run again with the next attempt. */
  attempt: number;
  /** Set while a failed attempt waits for its retry; reports about that attempt are then stale. */
  retryDueAt: Date | null;
  /** What executors and PATCHes reported so far, merged, before the node's `variables`. */
  rawOutput: JsonObject;
  /** What the API shows: progress output while in progress, the final output once completed. */
  output: JsonObject;
  /**
   * CONDITION node runs: the option that matched, or null when none did (then the fallback edge). INPUT
   * node runs: the outcome once decided (APPROVE, DECLINE or TIMEOUT).
   */
  selectedOption: string | null;
  /** A node run waiting for a pull worker of this installation (INTEGRATION_ACTION, non-GitHub). */
  installationId: string | null;
  /** The config a pull worker receives, rendered when the node started. */
  claimConfig: JsonObject | null;
  /** INPUT node runs: who may decide, the quorum, and the decisions so far. */
  approval: ApprovalState | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}

export interface RunTriggerState {
  kind: TriggerKind;
  nodeIdentifier: string;
  by: RunActor;
}

/** A cancel asked for while nodes were still running (graceful): the run starts no new node. */
export interface CancelRequest {
  at: Date;
  /** The actor who asked. */
  by: string;
}

/** The run this one was made from: a re-run from its trigger, or a retry from its failed nodes. */
export interface RunOrigin {
  kind: 'rerun' | 'retry';
  runId: string;
}

export interface RunState {
  /** `wfr_…` */
  identifier: string;
  orgId: string;
  runKey: string;
  /** The pinned definition, canonical form. A definition that failed validation has no nodes. */
  workflow: Workflow;
  workflowVersion: number;
  trigger: RunTriggerState;
  chainDepth: number;
  status: NodeRunStatus;
  result: RunResult | null;
  /**
   * Waiting for a concurrency slot (per workflow or per org): the trigger completed, but no other node
   * starts until the run is dequeued.
   */
  queued: boolean;
  cancelRequest: CancelRequest | null;
  origin: RunOrigin | null;
  /** `variables.outputs`: the output of every node that ran, by node identifier. */
  outputs: JsonObject;
  nodeRuns: NodeRunState[];
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}

export function isTerminal(status: NodeRunStatus): boolean {
  return status === 'COMPLETED';
}
