import type { ServerResponse } from 'node:http';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@flowline/nest-auth';
import { WatchRun } from './watch-run';

/** Live status changes of one run, as server-sent events (the console's run page follows them). */
@ApiTags('runs')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'No, expired or invalid bearer token' })
@Controller('v1/workflows/runs')
export class RunEventsController {
  constructor(private readonly watchRun: WatchRun) {}

  @Get(':id/events')
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary:
      'Server-sent events: `run` with the run status first, then every run and node-run status change; the stream ends when the run completes',
  })
  @ApiResponse({ status: 404, description: 'No such run in the caller’s org, or not visible to the caller' })
  async events(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Res() res: ServerResponse,
  ) {
    await this.watchRun.execute(principal, id, res);
  }
}
