import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@flowline/nest-auth';
import { ApiError } from '@flowline/nest-service';
import { workflowRunIdOfActionRun } from './action-run-ids';
import { ApprovalLookup } from './approval-lookup';
import { DecideApprovalDto } from './dto/decide-approval.dto';
import { DecideApproval } from './use-cases/decide-approval';
import { ListApprovers } from './use-cases/list-approvers';

/** Port's action-run approval API: an action run `r_X` is the workflow run `wfr_X` with one INPUT step. */
@ApiTags('approvals')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'No, expired or invalid bearer token' })
@ApiResponse({ status: 404, description: 'No such action run, or it has no approval' })
@Controller('v1/actions/runs')
export class ActionApprovalsController {
  constructor(
    private readonly decide: DecideApproval,
    private readonly approvers: ListApprovers,
    private readonly lookup: ApprovalLookup,
  ) {}

  @Patch(':runId/approval')
  // Port's API reference answers this PATCH with 201.
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Approve or decline an action run waiting for approval' })
  @ApiResponse({ status: 201, description: '{ ok, approval } as it stands after the decision' })
  @ApiResponse({ status: 403, description: 'The caller is not an approver of this action run' })
  @ApiResponse({ status: 409, description: 'Already decided by this approver, or no longer waiting' })
  async decideActionRun(
    @CurrentPrincipal() principal: Principal,
    @Param('runId') runId: string,
    @Body() body: DecideApprovalDto,
  ) {
    const target = await this.approvalOf(principal, runId);
    return { ok: true, approval: await this.decide.execute(principal, target, body) };
  }

  @Get(':runId/approvers')
  @ApiOperation({ summary: 'The approvers of an action run and what each decided' })
  async listActionRunApprovers(@CurrentPrincipal() principal: Principal, @Param('runId') runId: string) {
    const { nodeRunId } = await this.approvalOf(principal, runId);
    return { ok: true, ...(await this.approvers.execute(principal, nodeRunId)) };
  }

  private async approvalOf(principal: Principal, actionRunId: string) {
    const runId = workflowRunIdOfActionRun(actionRunId);
    const approval = runId ? await this.lookup.latestOfRun(principal.orgId, runId) : null;
    if (!runId || !approval) throw ApiError.notFound(`action run "${actionRunId}" with an approval`);
    return { runId, nodeRunId: approval.nodeRunIdentifier };
  }
}
