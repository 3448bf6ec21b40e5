import { Injectable } from '@nestjs/common';
import type { Principal } from '@flowline/nest-auth';
import { ApiError } from '@flowline/nest-service';
import { DataSource } from 'typeorm';
import { approvalView, approverEntriesOf } from '../../engine/approval';
import { NodeRunEntity } from '../../runs/node-run.entity';
import { RunEntity } from '../../runs/run.entity';
import { canViewRun } from '../../runs/run-visibility';
import { ApprovalDecisionEntity } from '../approval.entity';

/**
 * Who may decide an approval and what each has decided: one entry per listed user, role and team (the
 * decisions of people who matched through a role or team are listed under `decisions`). Visible to
 * whoever may view the run, and to the approvers themselves.
 */
@Injectable()
export class ListApprovers {
  constructor(private readonly dataSource: DataSource) {}

  async execute(principal: Principal, nodeRunIdentifier: string) {
    const notFound = ApiError.notFound(`approval "${nodeRunIdentifier}"`);
    const nodeRun = await this.dataSource
      .getRepository(NodeRunEntity)
      .findOneBy({ orgId: principal.orgId, identifier: nodeRunIdentifier });
    const view = nodeRun ? approvalView(nodeRun) : null;
    if (!nodeRun || !view) throw notFound;
    const run = await this.dataSource.getRepository(RunEntity).findOne({
      select: { createdBy: true, allowAnyoneToViewRuns: true },
      where: { orgId: principal.orgId, identifier: nodeRun.runIdentifier },
    });
    const isApprover =
      nodeRun.approval !== null &&
      approverEntriesOf(nodeRun.approval, {
        userId: principal.actorId,
        email: principal.email ?? null,
        roles: principal.roles,
        teams: principal.teams ?? [],
      }).length > 0;
    if (!run || !(canViewRun(principal, run) || isApprover)) throw notFound;
    const decisions = await this.dataSource.getRepository(ApprovalDecisionEntity).find({
      where: { orgId: principal.orgId, nodeRunIdentifier },
      order: { decidedAt: 'ASC' },
    });
    const decisionOf = (user: string) =>
      decisions.find((d) => d.userId === user || (d.email !== null && same(d.email, user)));
    const entry = (type: 'user' | 'role' | 'team', identifier: string) => {
      const decided = type === 'user' ? decisionOf(identifier) : undefined;
      return {
        type,
        identifier,
        status: decided?.decision ?? (view.status === 'WAITING_FOR_APPROVAL' ? 'PENDING' : 'NOT_DECIDED'),
        decidedAt: decided ? decided.decidedAt.toISOString() : null,
      };
    };
    return {
      workflowRunIdentifier: nodeRun.runIdentifier,
      nodeRunIdentifier,
      approvers: [
        ...view.approvers.users.map((user) => entry('user', user)),
        ...view.approvers.roles.map((role) => entry('role', role)),
        ...view.approvers.teams.map((team) => entry('team', team)),
      ],
      approval: view,
    };
  }
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
