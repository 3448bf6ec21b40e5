import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EntitySql } from '@flowline/nest-database';
import type { EntityManager } from 'typeorm';
import type { Transition } from '../engine/run-effects';
import { RunEffectWriters, type RunEffectWriter } from '../runs/run-effect-writers';
import { ApprovalDecisionEntity, ApprovalEntity } from './approval.entity';

/**
 * Keeps the approvals tables in step with the runs, in the same transaction as each transition: an
 * approval row when a run reaches an INPUT node, a decision row per approver (the unique constraint
 * refuses a second one), and the outcome when the node run completes.
 */
@Injectable()
export class ApprovalRecords implements RunEffectWriter, OnModuleInit {
  constructor(private readonly writers: RunEffectWriters) {}

  onModuleInit(): void {
    this.writers.register(this);
  }

  async write(manager: EntityManager, transition: Transition & { applied: true }): Promise<void> {
    const { state } = transition;
    for (const effect of transition.effects) {
      switch (effect.kind) {
        case 'openApproval':
          await EntitySql.of(manager, ApprovalEntity).insert(manager, [
            {
              orgId: state.orgId,
              nodeRunIdentifier: effect.nodeRunId,
              runIdentifier: state.identifier,
              description: effect.approval.description,
              approvers: effect.approval.approvers,
              quorum: effect.approval.quorum,
              status: 'PENDING',
              outcome: null,
              result: null,
              timeoutAt: effect.approval.timeoutAt ? new Date(effect.approval.timeoutAt) : null,
              createdAt: state.updatedAt,
              closedAt: null,
            },
          ]);
          break;
        case 'recordDecision':
          await EntitySql.of(manager, ApprovalDecisionEntity).insert(manager, [
            {
              orgId: state.orgId,
              nodeRunIdentifier: effect.nodeRunId,
              userId: effect.decision.by.userId,
              email: effect.decision.by.email,
              decision: effect.decision.decision,
              description: effect.decision.description,
              decidedAt: new Date(effect.decision.at),
            },
          ]);
          break;
        case 'closeApproval':
          await manager.getRepository(ApprovalEntity).update(
            { orgId: state.orgId, nodeRunIdentifier: effect.nodeRunId },
            {
              status: effect.outcome ? 'DECIDED' : 'CANCELLED',
              outcome: effect.outcome,
              result: effect.result,
              closedAt: state.updatedAt,
            },
          );
          break;
        default:
          break;
      }
    }
  }
}
