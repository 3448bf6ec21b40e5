import { Injectable } from '@nestjs/common';
import type { Principal } from '@flowline/nest-auth';
import { ApiError } from '@flowline/nest-service';
import { RunRepository } from '../../runs/run.repository';
import { RunWork } from '../../runs/run-work';
import { toRunState } from '../../runs/run-state-mapper';
import { RunsService } from '../../runs/runs.service';
import type { RunView } from '../../runs/run-view';
import { checkRunControl } from '../run-control-access';
import { requestFromOrigin } from './origin-request';

/**
 * Retries a failed (or cancelled) run from where it stopped, as a new run linked to it (`retryOf`), on
 * the same pinned version: every node run that succeeded (with nothing before it running again) is copied
 * as COMPLETED/SUCCESS with its output and not dispatched again; the failed and cancelled nodes, and what
 * follows them, run again.
 */
@Injectable()
export class RetryRun {
  constructor(
    private readonly runs: RunRepository,
    private readonly work: RunWork,
    private readonly views: RunsService,
  ) {}

  async execute(principal: Principal, identifier: string): Promise<RunView> {
    const origin = await this.runs.find(principal.orgId, identifier);
    checkRunControl(principal, identifier, origin?.run);
    if (origin.run.status !== 'COMPLETED' || origin.run.result === 'SUCCESS') {
      const where = origin.run.status === 'COMPLETED' ? 'succeeded' : 'is still in progress';
      throw ApiError.conflict(
        `workflow run "${identifier}" ${where}: only a failed or cancelled run can be retried`,
      );
    }
    const pinned = { definition: origin.run.definition, version: origin.run.workflowVersion };
    const request = requestFromOrigin(origin, principal, 'retry', pinned);
    const reuseFrom = toRunState(origin.run, origin.nodeRuns);
    await this.work.apply(request.orgId, request.runId, {
      kind: 'start',
      request,
      workflowIdentifier: origin.run.workflowIdentifier,
      options: { reuseFrom },
    });
    return this.views.get(principal, request.runId);
  }
}
