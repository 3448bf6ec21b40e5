import { Injectable } from '@nestjs/common';
import type { Principal } from '@flowline/nest-auth';
import { RunRepository } from '../../runs/run.repository';
import { RunWork } from '../../runs/run-work';
import { RunsService } from '../../runs/runs.service';
import type { RunView } from '../../runs/run-view';
import type { RerunVersion } from '../dto/run-control.dto';
import { checkRunControl } from '../run-control-access';
import { WorkflowsClient } from '../../workflow-definitions/workflows.client';
import { requestFromOrigin } from './origin-request';

/**
 * Re-runs a run from its trigger with the same inputs, as a new run linked to it (`rerunOf`): on the
 * same pinned version (default), or on the workflow's latest version fetched from the workflows service.
 * The inputs are not validated again against a newer version's form: they are the run's own.
 */
@Injectable()
export class RerunRun {
  constructor(
    private readonly runs: RunRepository,
    private readonly work: RunWork,
    private readonly workflows: WorkflowsClient,
    private readonly views: RunsService,
  ) {}

  async execute(principal: Principal, identifier: string, version: RerunVersion): Promise<RunView> {
    const origin = await this.runs.find(principal.orgId, identifier);
    checkRunControl(principal, identifier, origin?.run);
    const pinned =
      version === 'latest'
        ? await this.workflows.latestDefinition(principal.orgId, origin.run.workflowIdentifier)
        : { definition: origin.run.definition, version: origin.run.workflowVersion };
    const request = requestFromOrigin(origin, principal, 'rerun', pinned);
    await this.work.apply(request.orgId, request.runId, {
      kind: 'start',
      request,
      workflowIdentifier: origin.run.workflowIdentifier,
    });
    return this.views.get(principal, request.runId);
  }
}
