import type { Principal } from '@flowline/nest-auth';
import { canViewRun, seesEveryRun } from './run-visibility';

const member = (actorId = 'member-1'): Principal => ({
  orgId: 'o',
  actorId,
  kind: 'user',
  roles: ['member'],
});
const privateRun = { createdBy: 'creator', allowAnyoneToViewRuns: false };

describe('run visibility (reference §9.5)', () => {
  it('lets machine actors, services and admins see every run', () => {
    expect(seesEveryRun({ orgId: 'o', actorId: 'm', kind: 'machine', roles: [] })).toBe(true);
    expect(seesEveryRun({ orgId: 'o', actorId: 's', kind: 'service', roles: [] })).toBe(true);
    expect(seesEveryRun({ orgId: 'o', actorId: 'a', kind: 'user', roles: ['admin'] })).toBe(true);
    expect(canViewRun({ orgId: 'o', actorId: 'a', kind: 'user', roles: ['admin'] }, privateRun)).toBe(true);
  });

  it('lets a member see a private run only when they created it', () => {
    expect(seesEveryRun(member())).toBe(false);
    expect(canViewRun(member(), privateRun)).toBe(false);
    expect(canViewRun(member('creator'), privateRun)).toBe(true);
  });

  it('lets every member see runs of a workflow that allows anyone to view them', () => {
    expect(canViewRun(member(), { ...privateRun, allowAnyoneToViewRuns: true })).toBe(true);
  });
});
