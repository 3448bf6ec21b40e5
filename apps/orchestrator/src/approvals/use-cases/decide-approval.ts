import { HttpStatus, Injectable } from '@nestjs/common';
import type { Principal } from '@flowline/nest-auth';
import { ApiError } from '@flowline/nest-service';
import { QueryFailedError } from 'typeorm';
import { approvalView } from '../../engine/approval';
import type { IgnoredReason } from '../../engine/run-effects';
import type { NodeRunState } from '../../engine/run-state';
import { RunWork } from '../../runs/run-work';
import type { DecideApprovalDto } from '../dto/decide-approval.dto';

export interface ApprovalTarget {
  runId: string;
  nodeRunId: string;
}

/**
 * An approver approves or declines: applied under the run's lock like any other input, so a decision is
 * counted once (the engine refuses a second one by the same approver, and the decisions table's unique
 * constraint backs it), and the run walks on in the same transaction once the quorum decided.
 */
@Injectable()
export class DecideApproval {
  constructor(private readonly work: RunWork) {}

  async execute(principal: Principal, target: ApprovalTarget, body: DecideApprovalDto) {
    const decision = {
      nodeRunId: target.nodeRunId,
      by: {
        userId: principal.actorId,
        email: principal.email ?? null,
        roles: principal.roles,
        teams: principal.teams ?? [],
      },
      decision: body.status,
      description: body.description ?? null,
    };
    let result;
    try {
      result = await this.work.apply(
        principal.orgId,
        target.runId,
        { kind: 'decision', decision },
        { check: () => checkDecider(principal) },
      );
    } catch (error) {
      if (isDuplicateDecision(error)) throw alreadyDecided(target.nodeRunId);
      throw error;
    }
    if (result.outcome === 'unknown-run') throw ApiError.notFound(`workflow run "${target.runId}"`);
    if (result.outcome === 'ignored') throw refusal(target.nodeRunId, result.reason);
    if (result.outcome !== 'applied') throw alreadyDecided(target.nodeRunId);
    const nodeRun = result.transition.state.nodeRuns.find(
      (candidate) => candidate.identifier === target.nodeRunId,
    ) as NodeRunState;
    return approvalView(nodeRun);
  }
}

/** Only users decide; checked once the run is known to be in the caller's org (else 404). */
function checkDecider(principal: Principal): void {
  if (principal.kind === 'user') return;
  throw new ApiError(
    HttpStatus.FORBIDDEN,
    'forbidden',
    'approvals are decided by users (a user token, or a portal backend acting with actor-id)',
  );
}

function alreadyDecided(nodeRunId: string): ApiError {
  return ApiError.conflict(`you have already decided on approval "${nodeRunId}"`);
}

function refusal(nodeRunId: string, reason: IgnoredReason): ApiError {
  switch (reason) {
    case 'not-an-approver':
      return new ApiError(
        HttpStatus.FORBIDDEN,
        'forbidden',
        `you are not an approver of approval "${nodeRunId}"`,
      );
    case 'already-decided':
      return alreadyDecided(nodeRunId);
    case 'node-run-completed':
    case 'run-completed':
      return ApiError.conflict(`approval "${nodeRunId}" is no longer waiting for a decision`);
    case 'unknown-node-run':
    case 'not-awaiting-decision':
      return ApiError.notFound(`approval "${nodeRunId}"`);
    case 'stale-attempt':
    case 'stale-timer':
    case 'not-queued':
    case 'cancel-requested':
    case 'awaiting-decision':
      return ApiError.conflict(`approval "${nodeRunId}" cannot be decided now`);
  }
}

function isDuplicateDecision(error: unknown): boolean {
  const driverError = error instanceof QueryFailedError ? (error.driverError as { constraint?: string }) : {};
  return driverError.constraint === 'UQ_approval_decisions_approver';
}
