import { Module } from '@nestjs/common';
import { RunsModule } from '../runs/runs.module';
import { ActionApprovalsController } from './action-approvals.controller';
import { ApprovalLookup } from './approval-lookup';
import { ApprovalRecords } from './approval-records';
import { WorkflowApprovalsController } from './approvals.controller';
import { DecideApproval } from './use-cases/decide-approval';
import { ListApprovers } from './use-cases/list-approvers';

/** Human approval as one engine step (INPUT nodes): its tables, decisions and approver lists. */
@Module({
  imports: [RunsModule],
  controllers: [WorkflowApprovalsController, ActionApprovalsController],
  providers: [ApprovalRecords, ApprovalLookup, DecideApproval, ListApprovers],
})
export class ApprovalsModule {}
