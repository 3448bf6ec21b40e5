import { ApiProblem } from '../api/flowline-api';
import type { Approval } from '../api/types';
import { approverEntries, decisionProblemText, isWaitingForApproval, quorumText } from './approval';

const approval: Approval = {
  status: 'WAITING_FOR_APPROVAL',
  decision: null,
  description: 'Deploy checkout to production?',
  approvers: { users: ['alice@acme.io'], roles: ['Admin'], teams: ['platform'] },
  quorum: { count: 2 },
  decisions: [],
  timeoutAt: null,
};

describe('approval mapping', () => {
  it('says the quorum in words', () => {
    expect(quorumText('ANY')).toBe('any one approver decides');
    expect(quorumText('ALL')).toBe('every approver must approve');
    expect(quorumText({ count: 1 })).toBe('1 approval needed');
    expect(quorumText({ count: 2 })).toBe('2 approvals needed');
  });

  it('lists users, roles and teams as approver entries', () => {
    expect(approverEntries(approval.approvers)).toEqual(['alice@acme.io', 'role Admin', 'team platform']);
    expect(approverEntries({ users: [], roles: [], teams: [] })).toEqual([]);
  });

  it('offers a decision only while the approval waits', () => {
    expect(isWaitingForApproval(approval)).toBe(true);
    for (const status of ['APPROVE', 'DECLINE', 'TIMEOUT', 'CANCELLED'] as const)
      expect(isWaitingForApproval({ ...approval, status })).toBe(false);
    expect(isWaitingForApproval(undefined)).toBe(false);
    expect(isWaitingForApproval(null)).toBe(false);
  });

  it("says a refused decision with the API's message: 403 not an approver, 409 already decided", () => {
    expect(decisionProblemText(new ApiProblem(403, 'forbidden', 'u-bob is not an approver'))).toBe(
      'Not allowed to decide (403): u-bob is not an approver',
    );
    expect(decisionProblemText(new ApiProblem(409, 'conflict', 'already decided'))).toBe(
      'Already decided (409): already decided',
    );
    expect(decisionProblemText(new ApiProblem(404, 'not_found', 'no such approval'))).toBe(
      '404: no such approval',
    );
    expect(decisionProblemText(new TypeError('Failed to fetch'))).toBe('Failed to fetch');
  });
});
