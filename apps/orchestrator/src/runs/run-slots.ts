import { type EntityManager } from 'typeorm';
import { RunEntity } from './run.entity';

/** A run waiting for a concurrency slot. */
export interface QueuedRun {
  identifier: string;
  workflowIdentifier: string;
}

/**
 * The queries of concurrency limits, inside a run transaction: who holds a slot (a run in progress that
 * is not queued), who waits for one (oldest first), and the per-org lock that serialises the two.
 */
export class RunSlots {
  constructor(private readonly manager: EntityManager) {}

  /**
   * Serialises admissions and slot releases of one org until commit (a transaction-level advisory lock),
   * so two transactions never both take the last slot. Holders never wait for a run row while holding it
   * (queued runs are picked with SKIP LOCKED), so it cannot deadlock with the run locks.
   */
  async lockOrg(orgId: string): Promise<void> {
    const { schema } = this.manager.connection.getMetadata(RunEntity);
    await this.manager.query(`select pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `flowline.orchestrator.run-slots:${schema ?? ''}:${orgId}`,
    ]);
  }

  /** Runs in progress that hold a slot: of the org, or of one of its workflows. */
  async countActive(orgId: string, workflowIdentifier?: string): Promise<number> {
    const query = this.manager
      .getRepository(RunEntity)
      .createQueryBuilder('r')
      .where(`r.orgId = :orgId and r.status = 'IN_PROGRESS' and r.queued = false`, { orgId });
    if (workflowIdentifier !== undefined)
      query.andWhere('r.workflowIdentifier = :workflowIdentifier', { workflowIdentifier });
    return query.getCount();
  }

  /** Whether runs wait for a slot: in the org, or for one of its workflows. */
  async anyQueued(orgId: string, workflowIdentifier?: string): Promise<boolean> {
    const query = this.manager
      .getRepository(RunEntity)
      .createQueryBuilder('r')
      .where(`r.queued = true and r.orgId = :orgId and r.status = 'IN_PROGRESS'`, { orgId });
    if (workflowIdentifier !== undefined)
      query.andWhere('r.workflowIdentifier = :workflowIdentifier', { workflowIdentifier });
    return (await query.getCount()) > 0;
  }

  /** The org's oldest queued runs, locked (SKIP LOCKED: a run another transaction holds is passed over). */
  async lockQueued(orgId: string, limit: number): Promise<QueuedRun[]> {
    const runs = await this.manager
      .getRepository(RunEntity)
      .createQueryBuilder('r')
      .select(['r.orgId', 'r.identifier', 'r.workflowIdentifier'])
      .where(`r.queued = true and r.orgId = :orgId and r.status = 'IN_PROGRESS'`, { orgId })
      .orderBy('r.createdAt', 'ASC')
      .addOrderBy('r.identifier', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
    return runs.map((run) => ({ identifier: run.identifier, workflowIdentifier: run.workflowIdentifier }));
  }

  /** Orgs with queued runs (for the sweeper that makes sure none waits for a slot that is free). */
  async orgsWithQueuedRuns(limit: number): Promise<string[]> {
    const rows: Array<{ org_id: string }> = await this.manager.query(
      `select distinct org_id from ${this.table()} where queued = true and status = 'IN_PROGRESS' limit $1`,
      [limit],
    );
    return rows.map((row) => row.org_id);
  }

  private table(): string {
    const metadata = this.manager.connection.getMetadata(RunEntity);
    return `"${metadata.schema}"."${metadata.tableName}"`;
  }
}
