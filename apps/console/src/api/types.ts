// The public API's shapes, as far as the console reads them.

export interface WorkflowConnection {
  sourceIdentifier: string;
  targetIdentifier: string;
  sourceOptionIdentifier?: string | null;
}

export interface WorkflowNode {
  identifier: string;
  title?: string | null;
  config: { type: string; [field: string]: unknown };
}

export interface Workflow {
  identifier: string;
  title?: string | null;
  description?: string | null;
  version?: number;
  nodes: WorkflowNode[];
  connections: WorkflowConnection[];
}

export interface VersionSummary {
  version: number;
  createdAt?: string;
  createdBy?: string;
}

export interface LogLine {
  logLevel: string;
  log: string;
  createdAt: string | null;
}

export interface Attempt {
  attempt: number;
  status: string;
  result: string | null;
  error: string | null;
  startedAt: string | null;
  completedAt: string | null;
  logs: LogLine[];
}

/** One approver's decision on an approval. */
export interface ApprovalDecisionView {
  by: { userId: string; email: string | null };
  decision: 'APPROVE' | 'DECLINE';
  description: string | null;
  at: string;
}

/** `ANY`: the first decision decides; `ALL`: every approver entry; `{ count }`: that many approvals. */
export type ApprovalQuorum = 'ANY' | 'ALL' | { count: number };

/** How an INPUT node run's approval stands (`approval` on its node-run view). */
export interface Approval {
  status: 'WAITING_FOR_APPROVAL' | 'APPROVE' | 'DECLINE' | 'TIMEOUT' | 'CANCELLED';
  decision: 'APPROVE' | 'DECLINE' | 'TIMEOUT' | null;
  description: string | null;
  approvers: { users: string[]; roles: string[]; teams: string[] };
  quorum: ApprovalQuorum;
  decisions: ApprovalDecisionView[];
  timeoutAt: string | null;
}

export interface NodeRun {
  identifier: string;
  node: { identifier: string };
  nodeTitle?: string | null;
  nodeConfigType?: string;
  status: string;
  result: string | null;
  output: Record<string, unknown>;
  attempt?: number;
  attempts?: Attempt[];
  externalRunId?: string | null;
  approval?: Approval | null;
  nodeRunLogs: LogLine[];
  createdAt: string | null;
  completedAt: string | null;
}

export interface Run {
  identifier: string;
  title?: string | null;
  status: string;
  result: string | null;
  queued?: boolean;
  workflow: { identifier: string; version: number };
  rerunOf?: string | null;
  retryOf?: string | null;
  createdBy?: string;
  createdAt: string | null;
  completedAt: string | null;
  nodeRuns: NodeRun[];
}

export interface DryRunNode {
  identifier: string;
  type: string;
  title: string | null;
  result: 'SUCCESS' | 'FAILED';
  selectedOption?: string | null;
  request?: Record<string, unknown>;
  output: Record<string, unknown>;
  error?: { node: string; path: string | null; expression: string | null; message: string };
}

export interface DryRun {
  workflow: { identifier: string; version: number };
  result: 'SUCCESS' | 'FAILED';
  path: string[];
  nodes: DryRunNode[];
  notReached: string[];
}

/** One problem of a 422, e.g. `{ path: 'inputs.version', message: 'is required' }`. */
export interface FieldProblem {
  path: string;
  message: string;
  code?: string;
}
