import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@flowline/nest-auth';
import { AppendNodeRunLogsDto } from './dto/append-node-run-logs.dto';
import { FindNodeRunsQuery } from './dto/find-node-runs.query';
import { NodeRunsService } from './node-runs.service';
import { AppendNodeRunLogs } from './use-cases/append-node-run-logs';

/** The node-run API Port's Ocean workers use ([O]): read one, find by external id, append logs. */
@ApiTags('runs')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'No, expired or invalid bearer token' })
@Controller('v1/workflows/nodes/runs')
export class NodeRunsController {
  constructor(
    private readonly nodeRuns: NodeRunsService,
    private readonly appendLogs: AppendNodeRunLogs,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Node runs with this external run id (newest first); include=nodeConfig adds config',
  })
  async find(@CurrentPrincipal() principal: Principal, @Query() query: FindNodeRunsQuery) {
    const options = { nodeConfig: query.include === 'nodeConfig' };
    const nodeRuns = await this.nodeRuns.byExternalRunId(principal, query.external_run_id, options);
    // Ocean reads `runs`; `nodeRuns` is the name the rest of the API uses.
    return { ok: true, runs: nodeRuns, nodeRuns };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A node run with its logs and attempts' })
  @ApiResponse({
    status: 404,
    description: 'No such node run in the caller’s org, or its run is not visible',
  })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query('include') include?: string,
  ) {
    return {
      ok: true,
      nodeRun: await this.nodeRuns.get(principal, id, { nodeConfig: include === 'nodeConfig' }),
    };
  }

  @Post(':id/logs')
  @HttpCode(201)
  @ApiOperation({ summary: 'Append log lines to a node run in progress' })
  @ApiResponse({ status: 404, description: 'No such node run in the caller’s org' })
  @ApiResponse({ status: 422, description: 'Invalid body, or the node run is already completed' })
  async logs(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: AppendNodeRunLogsDto,
  ) {
    await this.appendLogs.execute(principal, id, body);
    return { ok: true };
  }
}
