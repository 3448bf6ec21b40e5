import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@flowline/nest-auth';
import { DryRunDto } from './dto/dry-run.dto';
import { DryRunWorkflow } from './use-cases/dry-run-workflow';

/** Flowline's additive dry-run (DESIGN.md §6): the path a run would take, with nothing sent. */
@ApiTags('runs')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'No, expired or invalid bearer token' })
@Controller('v1/workflows')
export class DryRunController {
  constructor(private readonly dryRun: DryRunWorkflow) {}

  @Post(':id/dry-run')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      "Render every node's templates and evaluate conditions and variables on sample inputs (or an earlier run's), without running anything",
  })
  @ApiResponse({
    status: 200,
    description:
      '{ ok: true, dryRun: { workflow, result, path, nodes: [{ identifier, result, selectedOption, request, output, error }], notReached } }',
  })
  @ApiResponse({ status: 404, description: 'No such workflow, version or run in the caller’s org' })
  @ApiResponse({ status: 422, description: 'Invalid body' })
  async run(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: DryRunDto) {
    return { ok: true, dryRun: await this.dryRun.execute(principal, id, body) };
  }
}
