import { Body, Controller, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@flowline/nest-auth';
import { CancelRunQuery, RerunRunDto } from './dto/run-control.dto';
import { CancelRun } from './use-cases/cancel-run';
import { RerunRun } from './use-cases/rerun-run';
import { RetryRun } from './use-cases/retry-run';

/** Flowline's additive run control (DESIGN.md §6): cancel, re-run from the trigger, retry from failures. */
@ApiTags('runs')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'No, expired or invalid bearer token' })
@ApiResponse({
  status: 403,
  description: 'The caller may view the run but is neither an admin nor its creator',
})
@ApiResponse({ status: 404, description: 'No such run in the caller’s org, or not visible to the caller' })
@Controller('v1/workflows/runs')
export class RunControlController {
  constructor(
    private readonly cancelRun: CancelRun,
    private readonly rerunRun: RerunRun,
    private readonly retryRun: RetryRun,
  ) {}

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Cancel a run: graceful by default (running nodes may finish, no new node starts), or ?force=true',
  })
  @ApiResponse({ status: 200, description: '{ ok: true, workflowRun } as it stands after the cancel' })
  @ApiResponse({ status: 409, description: 'The run is already completed' })
  async cancel(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query() query: CancelRunQuery,
  ) {
    return { ok: true, workflowRun: await this.cancelRun.execute(principal, id, query.force ?? false) };
  }

  @Post(':id/rerun')
  @ApiOperation({ summary: 'Start a new run from the trigger with the same inputs (`rerunOf` links it)' })
  @ApiResponse({ status: 201, description: '{ ok: true, workflowRun }: the new run' })
  @ApiResponse({ status: 409, description: 'version "latest" of a workflow that no longer exists' })
  @ApiResponse({ status: 422, description: 'version "latest" without WORKFLOWS_URL configured' })
  async rerun(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: RerunRunDto) {
    return { ok: true, workflowRun: await this.rerunRun.execute(principal, id, body.version ?? 'same') };
  }

  @Post(':id/retry')
  @ApiOperation({
    summary:
      'Start a new run that reuses the successful node runs and runs the failed ones again (`retryOf`)',
  })
  @ApiResponse({ status: 201, description: '{ ok: true, workflowRun }: the new run' })
  @ApiResponse({ status: 409, description: 'The run is in progress or succeeded' })
  async retry(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return { ok: true, workflowRun: await this.retryRun.execute(principal, id) };
  }
}
