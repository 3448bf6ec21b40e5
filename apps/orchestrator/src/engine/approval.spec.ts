import { type ApprovalState, approvalOutcome, approverEntriesOf, type DecisionRecord } from './approval';

const approval = (over: Partial<ApprovalState> = {}): ApprovalState => ({
  description: null,
  approvers: { users: ['alice@acme.io', 'u-bob'], roles: [], teams: [] },
  quorum: 'ANY',
  decisions: [],
  timeoutAt: null,
  ...over,
});

const decided = (userId: string, decision: 'APPROVE' | 'DECLINE', fills: string[]): DecisionRecord => ({
  by: { userId, email: null },
  decision,
  description: null,
  at: '2026-02-01T10:00:00.000Z',
  fills,
});

describe('approverEntriesOf', () => {
  it('matches users by id or email (any case), roles and teams by name (any case)', () => {
    const state = approval({
      approvers: { users: ['alice@acme.io', 'u-bob'], roles: ['Admin'], teams: ['Platform'] },
    });
    const person = { userId: 'u-alice', email: 'ALICE@acme.io', roles: ['admin'], teams: ['platform'] };
    expect(approverEntriesOf(state, person)).toEqual(['user:alice@acme.io', 'role:Admin', 'team:Platform']);
    expect(approverEntriesOf(state, { userId: 'u-bob', email: null, roles: [], teams: [] })).toEqual([
      'user:u-bob',
    ]);
    expect(
      approverEntriesOf(state, { userId: 'x', email: 'x@acme.io', roles: ['member'], teams: [] }),
    ).toEqual([]);
  });
});

describe('approvalOutcome', () => {
  it('ANY: the first decision decides', () => {
    expect(approvalOutcome(approval())).toBeUndefined();
    expect(approvalOutcome(approval({ decisions: [decided('u-bob', 'DECLINE', ['user:u-bob'])] }))).toBe(
      'DECLINE',
    );
  });

  it('ALL: every entry approved, one decline declines', () => {
    const all = approval({ quorum: 'ALL', approvers: { users: ['u-bob'], roles: [], teams: ['platform'] } });
    expect(
      approvalOutcome({ ...all, decisions: [decided('u-bob', 'APPROVE', ['user:u-bob'])] }),
    ).toBeUndefined();
    expect(
      approvalOutcome({
        ...all,
        decisions: [
          decided('u-bob', 'APPROVE', ['user:u-bob']),
          decided('u-c', 'APPROVE', ['team:platform']),
        ],
      }),
    ).toBe('APPROVE');
    expect(approvalOutcome({ ...all, decisions: [decided('u-c', 'DECLINE', ['team:platform'])] })).toBe(
      'DECLINE',
    );
  });

  it('count: N approvals approve; declines once N approvals are out of reach', () => {
    const three = { users: ['a', 'b', 'c'], roles: [], teams: [] };
    const two = approval({ quorum: { count: 2 }, approvers: three });
    expect(approvalOutcome({ ...two, decisions: [decided('a', 'DECLINE', ['user:a'])] })).toBeUndefined();
    expect(
      approvalOutcome({
        ...two,
        decisions: [decided('a', 'DECLINE', ['user:a']), decided('b', 'DECLINE', ['user:b'])],
      }),
    ).toBe('DECLINE');
    const allThree = approval({ quorum: { count: 3 }, approvers: three });
    expect(approvalOutcome({ ...allThree, decisions: [decided('a', 'DECLINE', ['user:a'])] })).toBe(
      'DECLINE',
    );
    // A team widens the set: only N declines decide against.
    const open = approval({ quorum: { count: 3 }, approvers: { ...three, teams: ['platform'] } });
    expect(approvalOutcome({ ...open, decisions: [decided('a', 'DECLINE', ['user:a'])] })).toBeUndefined();
  });
});
