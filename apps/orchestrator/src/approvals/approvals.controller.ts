import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@flowline/nest-auth';
import { DecideApprovalDto } from './dto/decide-approval.dto';
import { DecideApproval } from './use-cases/decide-approval';
import { ListApprovers } from './use-cases/list-approvers';

/** Approving or declining a workflow's INPUT node run, and who may. */
@ApiTags('approvals')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'No, expired or invalid bearer token' })
@Controller('v1/workflows')
export class WorkflowApprovalsController {
  constructor(
    private readonly decide: DecideApproval,
    private readonly approvers: ListApprovers,
  ) {}

  @Patch('runs/:runId/nodes/:nodeRunId/approval')
  @ApiOperation({ summary: 'Approve or decline an INPUT node run (counted once per approver)' })
  @ApiResponse({ status: 200, description: '{ ok: true, approval }: the approval after this decision' })
  @ApiResponse({ status: 403, description: 'The caller is not an approver of this approval' })
  @ApiResponse({ status: 404, description: 'No such run or approval in the caller’s org' })
  @ApiResponse({ status: 409, description: 'Already decided by this approver, or no longer waiting' })
  async decideNodeRun(
    @CurrentPrincipal() principal: Principal,
    @Param('runId') runId: string,
    @Param('nodeRunId') nodeRunId: string,
    @Body() body: DecideApprovalDto,
  ) {
    return { ok: true, approval: await this.decide.execute(principal, { runId, nodeRunId }, body) };
  }

  @Get('nodes/runs/:nodeRunId/approvers')
  @ApiOperation({ summary: 'The approvers of an INPUT node run and what each decided' })
  @ApiResponse({ status: 404, description: 'No such approval visible to the caller' })
  async listNodeRunApprovers(
    @CurrentPrincipal() principal: Principal,
    @Param('nodeRunId') nodeRunId: string,
  ) {
    return { ok: true, ...(await this.approvers.execute(principal, nodeRunId)) };
  }
}
