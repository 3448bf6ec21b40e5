import type { Principal } from '@flowline/nest-auth';

/** What visibility depends on: who created the run, and what its pinned definition allows. */
export interface VisibleRun {
  createdBy: string;
  allowAnyoneToViewRuns: boolean;
}

/** Machine actors, Flowline's own services and admins see every run of their org (reference §9.5). */
export function seesEveryRun(principal: Principal): boolean {
  return principal.kind !== 'user' || principal.roles.includes('admin');
}

/** A run is visible to its creator, to everyone when the definition allows it, and to the above. */
export function canViewRun(principal: Principal, run: VisibleRun): boolean {
  return seesEveryRun(principal) || run.createdBy === principal.actorId || run.allowAnyoneToViewRuns;
}
