import { Injectable } from '@nestjs/common';
import { type Envelope, Topics } from '@flowline/contracts';
import { addToOutbox } from '@flowline/nest-database';
import { DataSource, In, IsNull, QueryFailedError } from 'typeorm';
import { DispatchedRunEntity, type DispatchedRunStatus } from './dispatched-run.entity';

/** A dispatched run as the rest of the app sees it (GitHub ids as numbers). */
export interface DispatchedRun {
  orgId: string;
  nodeRunId: string;
  attempt: number;
  runId: string;
  owner: string;
  repo: string;
  workflow: string;
  ref: string;
  installationId: number;
  githubRunId: number | null;
  runUrl: string | null;
  status: DispatchedRunStatus;
  conclusion: string | null;
  dispatchedAt: Date;
  nextPollAt: Date | null;
}

export type NewDispatchedRun = Omit<DispatchedRun, 'conclusion'>;
export type NodeRunAttempt = Pick<DispatchedRun, 'orgId' | 'nodeRunId' | 'attempt'>;

interface RunRow {
  org_id: string;
  node_run_id: string;
  attempt: number;
  run_id: string;
  owner: string;
  repo: string;
  workflow: string;
  ref: string;
  installation_id: string;
  github_run_id: string | null;
  run_url: string | null;
  status: DispatchedRunStatus;
  conclusion: string | null;
  dispatched_at: Date;
  next_poll_at: Date | null;
}

/**
 * The dispatched runs. Queries by node run name the org. Three lookups cannot: the webhook (GitHub names
 * only its run), the claimed-run check (GitHub run ids are unique on a GitHub host, whoever owns them) and
 * the status sweeper (it serves every org, like the orchestrator's timer sweeper).
 */
@Injectable()
export class DispatchedRunsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find({ orgId, nodeRunId, attempt }: NodeRunAttempt): Promise<DispatchedRun | null> {
    const entity = await this.runs().findOneBy({ orgId, nodeRunId, attempt });
    return entity ? fromEntity(entity) : null;
  }

  /**
   * Records a dispatch; an earlier record of the same attempt wins. A GitHub run another node run has
   * claimed meanwhile is not taken: the record keeps no run id and the sweeper looks again.
   */
  async record(run: NewDispatchedRun): Promise<DispatchedRun> {
    try {
      await this.insert(run);
    } catch (error) {
      if (!isUniqueViolation(error, 'UQ_dispatched_runs_github_run')) throw error;
      await this.insert({ ...run, githubRunId: null, runUrl: null });
    }
    return (await this.find(run)) as DispatchedRun;
  }

  /** Which of these GitHub runs belong to a node run already (any org). */
  async claimedGithubRuns(githubRunIds: number[]): Promise<Set<number>> {
    if (githubRunIds.length === 0) return new Set();
    const rows = await this.runs().find({
      select: { githubRunId: true },
      where: { githubRunId: In(githubRunIds.map(String)) },
    });
    return new Set(rows.map((row) => Number(row.githubRunId)));
  }

  /** Ties the GitHub run to a dispatch that had none yet; false when another node run owns it. */
  async attachGithubRun(run: NodeRunAttempt, githubRunId: number, runUrl: string): Promise<boolean> {
    try {
      const result = await this.runs().update(
        { orgId: run.orgId, nodeRunId: run.nodeRunId, attempt: run.attempt, githubRunId: IsNull() },
        { githubRunId: String(githubRunId), runUrl, updatedAt: new Date() },
      );
      return (result.affected ?? 0) > 0;
    } catch (error) {
      if (isUniqueViolation(error, 'UQ_dispatched_runs_github_run')) return false;
      throw error;
    }
  }

  /** The dispatch that started this GitHub run (any org: the webhook only names GitHub's run). */
  async findByGithubRun(githubRunId: number): Promise<DispatchedRun | null> {
    const entity = await this.runs().findOneBy({ githubRunId: String(githubRunId) });
    return entity ? fromEntity(entity) : null;
  }

  /**
   * Takes up to `limit` waiting runs whose poll is due and moves their next poll `leaseMs` ahead, in one
   * statement (FOR UPDATE SKIP LOCKED): replicas never poll the same run at once, and a poll that dies
   * with its process is simply due again later.
   */
  async takeDuePolls(limit: number, leaseMs: number): Promise<DispatchedRun[]> {
    const [rows] = (await this.dataSource.query(
      `update ${this.table()} set next_poll_at = now() + make_interval(secs => $2::double precision / 1000),
         updated_at = now()
       where (org_id, node_run_id, attempt) in (
         select org_id, node_run_id, attempt from ${this.table()}
         where status = 'WAITING' and next_poll_at <= now()
         order by next_poll_at limit $1 for update skip locked)
       returning *`,
      [limit, leaseMs],
    )) as [RunRow[], number];
    return rows.map(fromRow);
  }

  /**
   * Completes a waiting run and puts the node's result in the outbox, in one transaction: of the webhook
   * and the poller, whichever comes first completes it; the other finds it completed and does nothing.
   */
  completeIfWaiting(
    run: NodeRunAttempt,
    conclusion: string | null,
    result: (completed: DispatchedRun) => Envelope,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [rows] = (await manager.query(
        `update ${this.table()} set status = 'COMPLETED', conclusion = $4, completed_at = now(),
           next_poll_at = null, updated_at = now()
         where org_id = $1 and node_run_id = $2 and attempt = $3 and status = 'WAITING'
         returning *`,
        [run.orgId, run.nodeRunId, run.attempt, conclusion],
      )) as [RunRow[], number];
      if (rows.length === 0) return false;
      const completed = fromRow(rows[0]);
      await addToOutbox(manager, [
        {
          topic: Topics.nodeCompleted,
          key: completed.runId,
          orgId: completed.orgId,
          message: result(completed),
          headers: { 'idempotency-key': `${completed.nodeRunId}:${completed.attempt}` },
        },
      ]);
      return true;
    });
  }

  /** Forgets finished dispatches last changed before `before`; a few at a time. */
  async pruneFinished(before: Date, limit = 500): Promise<number> {
    const [, count] = (await this.dataSource.query(
      `delete from ${this.table()} where ctid in (
         select ctid from ${this.table()} where status <> 'WAITING' and updated_at < $1 limit $2)`,
      [before, limit],
    )) as [unknown[], number];
    return count;
  }

  /** Only a repeat of the same attempt is ignored; a GitHub run claimed twice still fails. */
  private async insert(run: NewDispatchedRun): Promise<void> {
    await this.dataSource.query(
      `insert into ${this.table()} (org_id, node_run_id, attempt, run_id, owner, repo, workflow, ref,
         installation_id, github_run_id, run_url, status, dispatched_at, next_poll_at, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, now(), now())
       on conflict (org_id, node_run_id, attempt) do nothing`,
      [
        run.orgId,
        run.nodeRunId,
        run.attempt,
        run.runId,
        run.owner,
        run.repo,
        run.workflow,
        run.ref,
        run.installationId,
        run.githubRunId,
        run.runUrl,
        run.status,
        run.dispatchedAt,
        run.nextPollAt,
      ],
    );
  }

  private runs() {
    return this.dataSource.getRepository(DispatchedRunEntity);
  }

  private table(): string {
    const { schema, tableName } = this.runs().metadata;
    return schema ? `"${schema}"."${tableName}"` : `"${tableName}"`;
  }
}

function fromEntity(entity: DispatchedRunEntity): DispatchedRun {
  return {
    orgId: entity.orgId,
    nodeRunId: entity.nodeRunId,
    attempt: entity.attempt,
    runId: entity.runId,
    owner: entity.owner,
    repo: entity.repo,
    workflow: entity.workflow,
    ref: entity.ref,
    installationId: Number(entity.installationId),
    githubRunId: entity.githubRunId === null ? null : Number(entity.githubRunId),
    runUrl: entity.runUrl,
    status: entity.status,
    conclusion: entity.conclusion,
    dispatchedAt: entity.dispatchedAt,
    nextPollAt: entity.nextPollAt,
  };
}

function fromRow(row: RunRow): DispatchedRun {
  return {
    orgId: row.org_id,
    nodeRunId: row.node_run_id,
    attempt: row.attempt,
    runId: row.run_id,
    owner: row.owner,
    repo: row.repo,
    workflow: row.workflow,
    ref: row.ref,
    installationId: Number(row.installation_id),
    githubRunId: row.github_run_id === null ? null : Number(row.github_run_id),
    runUrl: row.run_url,
    status: row.status,
    conclusion: row.conclusion,
    dispatchedAt: new Date(row.dispatched_at),
    nextPollAt: row.next_poll_at === null ? null : new Date(row.next_poll_at),
  };
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const driverError =
    error instanceof QueryFailedError
      ? (error.driverError as { code?: string; constraint?: string })
      : undefined;
  return driverError?.code === '23505' && driverError.constraint === constraint;
}
