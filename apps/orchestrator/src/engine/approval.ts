import type {
  ApprovalDecision,
  ApprovalOutcome,
  ApprovalQuorum,
  InputConfig,
} from '@flowline/workflow-schema';

// The approval step's own rules, apart from the engine: who may decide, and when a quorum is reached.

/** Who is deciding, as the caller's token (or the portal acting for them) says. */
export interface Approver {
  userId: string;
  email: string | null;
  roles: string[];
  teams: string[];
}

/** One decision, counted once per approver (by user id). */
export interface DecisionRecord {
  by: { userId: string; email: string | null };
  decision: ApprovalDecision;
  description: string | null;
  /** ISO time: the approval is stored as JSON on its node run. */
  at: string;
  /** The approver entries this decider fills (`user:…`, `role:…`, `team:…`), for `ALL`. */
  fills: string[];
}

/** What an INPUT node run waits on, kept on its node run. */
export interface ApprovalState {
  description: string | null;
  approvers: { users: string[]; roles: string[]; teams: string[] };
  quorum: ApprovalQuorum;
  decisions: DecisionRecord[];
  /** When the default outlet is taken (ISO time), if the node has a timeout. */
  timeoutAt: string | null;
}

export function openApproval(config: InputConfig, now: Date): ApprovalState {
  return {
    description: config.description ?? null,
    approvers: {
      users: config.approvers.users ?? [],
      roles: config.approvers.roles ?? [],
      teams: config.approvers.teams ?? [],
    },
    quorum: config.quorum ?? 'ANY',
    decisions: [],
    timeoutAt: config.timeoutSeconds
      ? new Date(now.getTime() + config.timeoutSeconds * 1000).toISOString()
      : null,
  };
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * The approver entries a caller matches: listed users by user id or email (emails in any case), roles
 * and teams by name (in any case; identity providers differ in how they spell them). Empty: not an
 * approver.
 */
export function approverEntriesOf(approval: ApprovalState, approver: Approver): string[] {
  const { users, roles, teams } = approval.approvers;
  return [
    ...users
      .filter((user) => user === approver.userId || (approver.email !== null && same(user, approver.email)))
      .map((user) => `user:${user}`),
    ...roles.filter((role) => approver.roles.some((held) => same(held, role))).map((role) => `role:${role}`),
    ...teams.filter((team) => approver.teams.some((held) => same(held, team))).map((team) => `team:${team}`),
  ];
}

/**
 * Whether the decisions so far reach an outcome:
 * - `ANY`: the first decision decides, either way.
 * - `ALL`: every listed user, role and team (anyone holding it) must approve; one decline declines.
 * - `{ count: N }`: N distinct approvers approving approves; it declines once N approvals can no longer
 *   be reached — N declines, or, when only listed users may decide, too few of them left undecided.
 */
export function approvalOutcome(approval: ApprovalState): ApprovalDecision | undefined {
  const { decisions, quorum, approvers } = approval;
  const approvals = decisions.filter((d) => d.decision === 'APPROVE');
  const declines = decisions.filter((d) => d.decision === 'DECLINE');
  if (quorum === 'ANY') return decisions[0]?.decision;
  if (quorum === 'ALL') {
    if (declines.length > 0) return 'DECLINE';
    const filled = new Set(approvals.flatMap((d) => d.fills));
    const entries = [
      ...approvers.users.map((user) => `user:${user}`),
      ...approvers.roles.map((role) => `role:${role}`),
      ...approvers.teams.map((team) => `team:${team}`),
    ];
    return entries.every((entry) => filled.has(entry)) ? 'APPROVE' : undefined;
  }
  if (approvals.length >= quorum.count) return 'APPROVE';
  if (declines.length >= quorum.count) return 'DECLINE';
  const closed = approvers.roles.length === 0 && approvers.teams.length === 0;
  if (closed) {
    const decided = new Set(decisions.flatMap((d) => d.fills));
    const undecided = approvers.users.filter((user) => !decided.has(`user:${user}`)).length;
    if (approvals.length + undecided < quorum.count) return 'DECLINE';
  }
  return undefined;
}

/** The node run's output once decided: the outcome, the last decider's text, and every decision. */
export function approvalOutput(approval: ApprovalState, outcome: ApprovalOutcome) {
  const last = outcome === 'TIMEOUT' ? undefined : approval.decisions[approval.decisions.length - 1];
  return {
    decision: outcome,
    description: last?.description ?? null,
    decisions: approval.decisions.map(decisionView),
  };
}

export function decisionView(record: DecisionRecord) {
  return { by: { ...record.by }, decision: record.decision, description: record.description, at: record.at };
}

/** How an approval stands, for the API (`approval` on node-run views). */
export function approvalView(nodeRun: {
  status: string;
  result: string | null;
  selectedOption: string | null;
  approval: ApprovalState | null;
}) {
  const approval = nodeRun.approval;
  if (!approval) return null;
  const outcome = nodeRun.result === 'SUCCESS' ? (nodeRun.selectedOption as ApprovalOutcome) : null;
  return {
    status: nodeRun.status === 'IN_PROGRESS' ? 'WAITING_FOR_APPROVAL' : (outcome ?? 'CANCELLED'),
    decision: outcome,
    description: approval.description,
    approvers: approval.approvers,
    quorum: approval.quorum,
    decisions: approval.decisions.map(decisionView),
    timeoutAt: approval.timeoutAt,
  };
}
