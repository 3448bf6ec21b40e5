import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, ServiceOnly } from '@flowline/nest-auth';
import { RunsService } from './runs.service';

/** For Flowline's own services only. */
@ApiTags('internal')
@ApiBearerAuth()
@Controller('internal/v1/runs')
export class InternalRunsController {
  constructor(private readonly runs: RunsService) {}

  @Get(':id')
  @ServiceOnly()
  @ApiOperation({
    summary: 'Whether a requested run exists yet, and its status (polled by the triggers service)',
  })
  async status(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return { ok: true, ...(await this.runs.status(principal, id)) };
  }

  @Get(':id/view')
  @ServiceOnly('triggers')
  @ApiOperation({
    summary: 'The run as GET /v1/workflows/runs/{id} shows it (the 201 of a self-service run)',
  })
  async view(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return { ok: true, workflowRun: await this.runs.get(principal, id) };
  }
}
