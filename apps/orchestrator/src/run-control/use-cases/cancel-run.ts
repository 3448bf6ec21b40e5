import { Injectable } from '@nestjs/common';
import type { Principal } from '@flowline/nest-auth';
import { OutboxRelay } from '@flowline/nest-database';
import { ApiError } from '@flowline/nest-service';
import { RunAdmission } from '../../concurrency/run-admission';
import { RunEngine } from '../../engine/run-engine';
import { RunRepository } from '../../runs/run.repository';
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
    private readonly runs: RunRepository,
    private readonly engine: RunEngine,
    private readonly admission: RunAdmission,
    private readonly relay: OutboxRelay,
    private readonly views: RunsService,
  ) {}

  async execute(principal: Principal, identifier: string, force: boolean): Promise<RunView> {
    await this.runs.transaction(async (tx) => {
      const state = await tx.lockRun(principal.orgId, identifier);
      checkRunControl(
        principal,
        identifier,
        state && {
          createdBy: state.createdBy,
          allowAnyoneToViewRuns: state.workflow.allowAnyoneToViewRuns !== false,
        },
      );
      if (!state) return;
      const transition = await this.engine.cancel(state, { by: principal.actorId, force });
      if (!transition.applied && transition.ignored === 'run-completed') {
        throw ApiError.conflict(`workflow run "${identifier}" is already completed (${state.result})`);
      }
      await this.admission.apply(tx, state, transition);
    });
    this.relay.publishSoon();
    return this.views.get(principal, identifier);
  }
}
