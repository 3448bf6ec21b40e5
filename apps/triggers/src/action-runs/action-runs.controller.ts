import { Body, Controller, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { actionRunIdOf } from '@flowline/contracts';
import { CurrentPrincipal, type Principal } from '@flowline/nest-auth';
import { httpStatusOf } from '../self-serve-runs/submitted-run';
import { ActionsClient } from './actions.client';
import { ActionRunQueryDto, ActionRunSubmissionDto } from './dto/action-run-submission.dto';
import { SubmitActionRun } from './submit-action-run';

interface StatusResponse {
  status(code: number): unknown;
}

/** Port's `POST /v1/actions/{id}/runs`. */
@ApiTags('action runs')
@ApiBearerAuth()
@Controller('v1/actions/:id/runs')
export class ActionRunsController {
  constructor(
    private readonly submit: SubmitActionRun,
    private readonly actions: ActionsClient,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Run a self-service action with the given properties' })
  @ApiResponse({ status: 201, description: '{ ok, run }: the action run (r_…)' })
  @ApiResponse({ status: 404, description: 'No such action in the caller’s org' })
  @ApiResponse({ status: 422, description: 'Every bad property (and a missing or unknown entity)' })
  async run(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: ActionRunSubmissionDto,
    @Query() query: ActionRunQueryDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: StatusResponse,
  ) {
    const submitted = await this.submit.execute({
      principal,
      actionIdentifier: id,
      body,
      runAs: query.run_as,
      idempotencyKey,
    });
    response.status(httpStatusOf(submitted));
    const runId = actionRunIdOf(submitted.runId);
    const run =
      submitted.creation.state === 'confirmed' ? await this.actions.run(principal.orgId, runId) : undefined;
    return {
      ok: true,
      run: run ?? {
        id: runId,
        action: { identifier: id },
        status: 'IN_PROGRESS',
        properties: body.properties ?? {},
      },
    };
  }
}
