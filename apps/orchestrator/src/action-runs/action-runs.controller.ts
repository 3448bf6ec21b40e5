import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@flowline/nest-auth';
import { ActionRunsService } from './action-runs.service';
import {
  ActionRunLogsQuery,
  AppendActionRunLogDto,
  ListActionRunsQuery,
  PatchActionRunDto,
} from './dto/action-runs.dto';

/** Port's action-run API: `/v1/actions/runs*`, views and controls over actions' workflow runs. */
@ApiTags('action runs')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'No, expired or invalid bearer token' })
@Controller('v1/actions/runs')
export class ActionRunsController {
  constructor(private readonly actionRuns: ActionRunsService) {}

  @Get()
  @ApiOperation({ summary: 'List action runs (newest first); filters: action, entity, status, limit' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListActionRunsQuery) {
    return { ok: true, runs: await this.actionRuns.list(principal, query) };
  }

  @Get(':id')
  @ApiResponse({ status: 404, description: 'No such action run in the caller’s org, or not visible' })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return { ok: true, run: await this.actionRuns.get(principal, id) };
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Report on an action run: status (ends it), statusLabel, link, summary, externalRunId',
  })
  @ApiResponse({ status: 422, description: 'Invalid body, or the run has already ended' })
  async patch(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: PatchActionRunDto,
  ) {
    return { ok: true, run: await this.actionRuns.patch(principal, id, body) };
  }

  @Post(':id/logs')
  @ApiOperation({ summary: 'Add a log line; terminationStatus ends the run (once)' })
  @ApiResponse({ status: 422, description: 'Invalid body, or the run has already ended' })
  async appendLog(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: AppendActionRunLogDto,
  ) {
    await this.actionRuns.appendLog(principal, id, body);
    return { ok: true };
  }

  @Get(':id/logs')
  async logs(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query() query: ActionRunLogsQuery,
  ) {
    return { ok: true, runLogs: await this.actionRuns.logs(principal, id, query) };
  }
}
