import type { Principal } from '@flowline/nest-auth';
import { ApiError } from '@flowline/nest-service';
import { canViewRun, seesEveryRun } from '../runs/run-visibility';

/**
 * Who may cancel, re-run or retry a run: admins, machine and service actors, and the user who started
 * it. A run the caller may not even view is not found (404); one it may view but not control is a 403.
 */
export function checkRunControl<T extends { createdBy: string; allowAnyoneToViewRuns: boolean }>(
  principal: Principal,
  identifier: string,
  run: T | null | undefined,
): asserts run is T {
  if (!run || !canViewRun(principal, run)) throw ApiError.notFound(`workflow run "${identifier}"`);
  if (!seesEveryRun(principal) && principal.actorId !== run.createdBy) {
    throw new ApiError(
      403,
      'forbidden',
      `only an admin or its creator may control workflow run "${identifier}"`,
    );
  }
}
