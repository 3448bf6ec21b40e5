import { Injectable } from '@nestjs/common';
import type { Principal } from '@flowline/nest-auth';
import { ApiError } from '@flowline/nest-service';
import { RunWork } from '../../runs/run-work';
import { RunsService } from '../../runs/runs.service';
import type { RunView } from '../../runs/run-view';
import { checkRunControl } from '../run-control-access';

/**
 * Cancels a run under its lock, like any other transition: graceful (running nodes may finish, no new
 * node starts, the run ends CANCELLED when they have) or forced (running node runs are cancelled now).
 * Cancelling twice gracefully changes nothing; a completed run cannot be cancelled (409).
 */
@Injectable()
export class CancelRun {
  constructor(
    private readonly work: RunWork,
    private readonly views: RunsService,
  ) {}

  async execute(principal: Principal, identifier: string, force: boolean): Promise<RunView> {
    const result = await this.work.apply(
      principal.orgId,
      identifier,
      { kind: 'cancel', cancel: { by: principal.actorId, force } },
      {
        check: (state) =>
          checkRunControl(principal, identifier, {
            createdBy: state.createdBy,
            allowAnyoneToViewRuns: state.workflow.allowAnyoneToViewRuns !== false,
          }),
      },
    );
    if (result.outcome === 'unknown-run') checkRunControl(principal, identifier, null);
    if (result.outcome === 'ignored' && result.reason === 'run-completed') {
      throw ApiError.conflict(`workflow run "${identifier}" is already completed (${result.state.result})`);
    }
    return this.views.get(principal, identifier);
  }
}
