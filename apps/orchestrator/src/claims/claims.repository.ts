import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NodeRunEntity } from '../runs/node-run.entity';

export type AckOutcome = 'acked' | 'already-acked' | 'not-found';

/**
 * Node runs waiting for pull workers (INTEGRATION_ACTION of installed integrations). Claiming only moves
 * `claimed_until` and acking sets `acked_at`: neither changes the run's state, so neither needs the run's
 * lock; SKIP LOCKED keeps concurrent claims from handing out the same node run.
 */
@Injectable()
export class ClaimsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Claims up to `limit` pending node runs of an installation, hidden for the visibility timeout. */
  async claim(
    orgId: string,
    installationId: string,
    limit: number,
    visibilityTimeoutMs: number,
  ): Promise<NodeRunEntity[]> {
    const table = this.table();
    const ids: Array<{ identifier: string }> = await this.dataSource.query(
      // Statements are wrapped in a select: TypeORM answers a bare UPDATE with [rows, count].
      `with picked as (
         select org_id, identifier from ${table}
         where org_id = $1 and installation_id = $2 and status = 'IN_PROGRESS' and acked_at is null
           and (claimed_until is null or claimed_until <= now())
         order by created_at, identifier
         limit $3
         for no key update skip locked
       ), claimed as (
         update ${table} n
         set claimed_until = now() + ($4::double precision * interval '1 millisecond'), updated_at = now()
         from picked
         where n.org_id = picked.org_id and n.identifier = picked.identifier
         returning n.identifier
       )
       select identifier from claimed`,
      [orgId, installationId, limit, visibilityTimeoutMs],
    );
    if (ids.length === 0) return [];
    return this.dataSource
      .getRepository(NodeRunEntity)
      .createQueryBuilder('n')
      .where('n.orgId = :orgId and n.identifier in (:...ids)', {
        orgId,
        ids: ids.map((row) => row.identifier),
      })
      .orderBy('n.createdAt', 'ASC')
      .addOrderBy('n.identifier', 'ASC')
      .getMany();
  }

  async ack(orgId: string, nodeRunIdentifier: string): Promise<AckOutcome> {
    const table = this.table();
    const acked: unknown[] = await this.dataSource.query(
      `with acked as (
         update ${table} set acked_at = now(), updated_at = now()
         where org_id = $1 and identifier = $2 and installation_id is not null and acked_at is null
         returning identifier
       )
       select identifier from acked`,
      [orgId, nodeRunIdentifier],
    );
    if (acked.length === 1) return 'acked';
    const existing = await this.dataSource.getRepository(NodeRunEntity).findOne({
      select: { identifier: true, installationId: true },
      where: { orgId, identifier: nodeRunIdentifier },
    });
    return existing?.installationId ? 'already-acked' : 'not-found';
  }

  private table(): string {
    const metadata = this.dataSource.getMetadata(NodeRunEntity);
    return `"${metadata.schema}"."${metadata.tableName}"`;
  }
}
