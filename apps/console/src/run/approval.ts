import { ApiProblem } from '../api/flowline-api';
import type { Approval, ApprovalQuorum } from '../api/types';

/** The quorum in words: `any one approver`, `every approver`, `2 approvals`. */
export function quorumText(quorum: ApprovalQuorum): string {
  if (quorum === 'ANY') return 'any one approver decides';
  if (quorum === 'ALL') return 'every approver must approve';
  return `${quorum.count} approval${quorum.count === 1 ? '' : 's'} needed`;
}

/** Who may decide, one entry each: `alice@acme.io`, `role Admin`, `team platform`. */
export function approverEntries(approvers: Approval['approvers']): string[] {
  return [
    ...approvers.users,
    ...approvers.roles.map((role) => `role ${role}`),
    ...approvers.teams.map((team) => `team ${team}`),
  ];
}

/** Whether the approval still takes decisions (the buttons are shown only then). */
export function isWaitingForApproval(approval: Approval | null | undefined): approval is Approval {
  return approval?.status === 'WAITING_FOR_APPROVAL';
}

/**
 * A refused decision as the panel says it: the API's own message, prefixed with what its status means
 * for the person clicking (403: not an approver or not a user; 409: already decided or no longer waiting).
 */
export function decisionProblemText(problem: unknown): string {
  if (!(problem instanceof ApiProblem)) return problem instanceof Error ? problem.message : String(problem);
  if (problem.status === 403) return `Not allowed to decide (403): ${problem.message}`;
  if (problem.status === 409) return `Already decided (409): ${problem.message}`;
  return `${problem.status}: ${problem.message}`;
}
