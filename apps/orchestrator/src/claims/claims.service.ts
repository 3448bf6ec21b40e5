import { Injectable } from '@nestjs/common';
import type { Principal } from '@flowline/nest-auth';
import { ApiError } from '@flowline/nest-service';
import { toNodeRunView } from '../runs/run-view';
import type { NodeRunEntity } from '../runs/node-run.entity';
import { ClaimsRepository } from './claims.repository';
import type { AckNodeRunDto, ClaimPendingDto } from './dto/claims.dto';

const DEFAULT_LIMIT = 10;
const DEFAULT_VISIBILITY_TIMEOUT_MS = 30_000;

/** The pull model for integration workers (reference §9.4): claim pending node runs, then ack them. */
@Injectable()
export class ClaimsService {
  constructor(private readonly claims: ClaimsRepository) {}

  async claimPending(principal: Principal, body: ClaimPendingDto, orgId?: string) {
    this.checkOrg(principal, orgId);
    const claimed = await this.claims.claim(
      principal.orgId,
      body.installationId,
      body.limit ?? DEFAULT_LIMIT,
      body.visibilityTimeoutMs ?? DEFAULT_VISIBILITY_TIMEOUT_MS,
    );
    return claimed.map(toClaimedNodeRunView);
  }

  async ack(principal: Principal, body: AckNodeRunDto, orgId?: string): Promise<void> {
    this.checkOrg(principal, orgId);
    const outcome = await this.claims.ack(principal.orgId, body.nodeRunIdentifier);
    if (outcome === 'not-found') throw ApiError.notFound(`pending node run "${body.nodeRunIdentifier}"`);
    if (outcome === 'already-acked')
      throw ApiError.conflict(`node run "${body.nodeRunIdentifier}" was already acked`);
  }

  /** The org-prefixed paths name an org: another org than the caller's is not found. */
  private checkOrg(principal: Principal, orgId: string | undefined): void {
    if (orgId !== undefined && orgId !== principal.orgId) throw ApiError.notFound(`organization "${orgId}"`);
  }
}

/** A node run as a worker receives it: the node run, plus its rendered config under both spellings. */
function toClaimedNodeRunView(nodeRun: NodeRunEntity) {
  const config = nodeRun.claimConfig ?? {};
  return {
    ...toNodeRunView(nodeRun),
    installationId: nodeRun.installationId,
    pendingExecution: true,
    claimedUntil: nodeRun.claimedUntil?.toISOString() ?? null,
    config,
    node: { identifier: nodeRun.nodeIdentifier, config },
  };
}
