import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@flowline/nest-auth';
import { ListRunsQuery } from './dto/list-runs.query';
import { PatchNodeRunDto } from './dto/patch-node-run.dto';
import { ReportedOutputLimitPipe } from './dto/reported-output-limit.pipe';
import { RunsService } from './runs.service';
import { ReportNodeProgress } from './use-cases/report-node-progress';

/** Port's run API (reference §9, §10): list and read runs, report progress on node runs. */
@ApiTags('runs')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'No, expired or invalid bearer token' })
@Controller('v1/workflows')
export class RunsController {
  constructor(
    private readonly runs: RunsService,
    private readonly progress: ReportNodeProgress,
  ) {}

  @Get('runs')
  @ApiOperation({
    summary: 'List runs (newest first) the caller may view, with their node runs and variables',
  })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListRunsQuery) {
    return { ok: true, workflowRuns: await this.runs.list(principal, query) };
  }

  @Get('runs/:id')
  @ApiOperation({ summary: 'A run with its node runs, their logs, and variables.outputs' })
  @ApiResponse({ status: 404, description: 'No such run in the caller’s org, or not visible to the caller' })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return { ok: true, workflowRun: await this.runs.get(principal, id) };
  }

  @Patch('nodes/runs/:nodeRunId')
  @ApiOperation({ summary: 'Report progress on a node run: status/result, output (through variables), logs' })
  @ApiResponse({ status: 404, description: 'No such node run in the caller’s org' })
  @ApiResponse({ status: 413, description: 'The body, or its `output`, is over its limit' })
  @ApiResponse({ status: 422, description: 'Invalid body, or the node run is already completed' })
  async report(
    @CurrentPrincipal() principal: Principal,
    @Param('nodeRunId') nodeRunId: string,
    @Body(ReportedOutputLimitPipe) body: PatchNodeRunDto,
  ) {
    await this.progress.execute(principal, nodeRunId, body);
    return { ok: true };
  }

  @Patch('runs/:runId/nodes/:nodeRunId')
  @ApiOperation({ summary: 'The same as PATCH /v1/workflows/nodes/runs/{nodeRunId} (the docs’ other path)' })
  async reportUnderRun(
    @CurrentPrincipal() principal: Principal,
    @Param('runId') runId: string,
    @Param('nodeRunId') nodeRunId: string,
    @Body(ReportedOutputLimitPipe) body: PatchNodeRunDto,
  ) {
    await this.progress.execute(principal, nodeRunId, body, runId);
    return { ok: true };
  }
}
