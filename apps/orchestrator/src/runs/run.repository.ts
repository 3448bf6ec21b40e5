import { Injectable } from '@nestjs/common';
import type { NodeRunStatus, RunResult } from '@flowline/contracts';
import { pipelinedTransaction } from '@flowline/nest-database';
import { DataSource } from 'typeorm';
import { NodeRunAttemptEntity, NodeRunEntity, NodeRunLogEntity } from './node-run.entity';
import { RunEntity } from './run.entity';
import { ExecutorPresence } from '../messaging/executor-presence';
import { RunEffectWriters } from './run-effect-writers';
import { RunTransaction } from './run-transaction';
import { RunTelemetry } from '../telemetry/run-telemetry';

export interface RunFilters {
  limit: number;
  offset: number;
  identifiers?: string[];
  workflowIdentifiers?: string[];
  /** Only runs of workflows whose identifier starts with this (an action's workflows: `action:`). */
  workflowIdentifierPrefix?: string;
  workflowVersions?: number[];
  createdBy?: string;
  statuses?: NodeRunStatus[];
  results?: RunResult[];
  /** Only runs this actor created or that anyone may view (unset: every run). */
  visibleTo?: string;
}

export interface StoredRun {
  run: RunEntity;
  nodeRuns: NodeRunEntity[];
  logs: NodeRunLogEntity[];
  attempts: NodeRunAttemptEntity[];
}

/** Runs, node runs and their logs. Every query names the org. */
@Injectable()
export class RunRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly executors: ExecutorPresence,
    private readonly effectWriters: RunEffectWriters,
    private readonly telemetry: RunTelemetry,
  ) {}

  /** Runs `work` in one transaction; what it applied is counted and traced once it committed. */
  async transaction<T>(work: (tx: RunTransaction) => Promise<T>): Promise<T> {
    let tx: RunTransaction | undefined;
    const result = await pipelinedTransaction(this.dataSource, (manager) => {
      tx = new RunTransaction(manager, this.executors, this.effectWriters.all());
      return work(tx);
    });
    if (tx && tx.applied.length > 0) this.telemetry.recordCommitted(tx.applied);
    return result;
  }

  async find(orgId: string, identifier: string): Promise<StoredRun | null> {
    const run = await this.dataSource.getRepository(RunEntity).findOneBy({ orgId, identifier });
    if (!run) return null;
    const nodeRuns = await this.dataSource
      .getRepository(NodeRunEntity)
      .findBy({ orgId, runIdentifier: identifier });
    if (nodeRuns.length === 0) return { run, nodeRuns, logs: [], attempts: [] };
    const { logs, attempts } = await this.logsAndAttemptsOf(
      orgId,
      nodeRuns.map((nodeRun) => nodeRun.identifier),
    );
    return { run, nodeRuns, logs, attempts };
  }

  /** The logs and attempts of node runs, oldest first. */
  async logsAndAttemptsOf(
    orgId: string,
    ids: string[],
  ): Promise<{ logs: NodeRunLogEntity[]; attempts: NodeRunAttemptEntity[] }> {
    const logs = await this.dataSource
      .getRepository(NodeRunLogEntity)
      .createQueryBuilder('l')
      .where('l.orgId = :orgId and l.nodeRunIdentifier in (:...ids)', { orgId, ids })
      .orderBy('l.id', 'ASC')
      .getMany();
    const attempts = await this.dataSource
      .getRepository(NodeRunAttemptEntity)
      .createQueryBuilder('a')
      .where('a.orgId = :orgId and a.nodeRunIdentifier in (:...ids)', { orgId, ids })
      .orderBy('a.attempt', 'ASC')
      .getMany();
    return { logs, attempts };
  }

  async runOfNodeRun(orgId: string, nodeRunIdentifier: string): Promise<string | undefined> {
    const row = await this.dataSource
      .getRepository(NodeRunEntity)
      .findOne({ select: { runIdentifier: true }, where: { orgId, identifier: nodeRunIdentifier } });
    return row?.runIdentifier;
  }

  findStatus(orgId: string, identifier: string): Promise<Pick<RunEntity, 'status' | 'result'> | null> {
    return this.dataSource
      .getRepository(RunEntity)
      .findOne({ select: { status: true, result: true }, where: { orgId, identifier } });
  }

  /** The node runs of several runs, with their logs (oldest first): what the run list shows of each. */
  async nodeRunsOf(
    orgId: string,
    runIdentifiers: string[],
  ): Promise<{ nodeRuns: NodeRunEntity[]; logs: NodeRunLogEntity[] }> {
    if (runIdentifiers.length === 0) return { nodeRuns: [], logs: [] };
    const nodeRuns = await this.dataSource
      .getRepository(NodeRunEntity)
      .createQueryBuilder('n')
      .where('n.orgId = :orgId and n.runIdentifier in (:...runIdentifiers)', { orgId, runIdentifiers })
      .getMany();
    if (nodeRuns.length === 0) return { nodeRuns, logs: [] };
    const logs = await this.dataSource
      .getRepository(NodeRunLogEntity)
      .createQueryBuilder('l')
      .innerJoin(NodeRunEntity, 'n', 'n.orgId = l.orgId and n.identifier = l.nodeRunIdentifier')
      .where('l.orgId = :orgId and n.runIdentifier in (:...runIdentifiers)', { orgId, runIdentifiers })
      .orderBy('l.id', 'ASC')
      .getMany();
    return { nodeRuns, logs };
  }

  list(orgId: string, filters: RunFilters): Promise<RunEntity[]> {
    const query = this.dataSource
      .getRepository(RunEntity)
      .createQueryBuilder('r')
      .select([
        'r.orgId',
        'r.identifier',
        'r.workflowIdentifier',
        'r.workflowVersion',
        'r.title',
        'r.icon',
        'r.status',
        'r.result',
        'r.queued',
        'r.cancelRequestedAt',
        'r.cancelRequestedBy',
        'r.rerunOf',
        'r.retryOf',
        'r.createdBy',
        'r.createdAt',
        'r.updatedAt',
        'r.completedAt',
        'r.outputs',
      ])
      .where('r.orgId = :orgId', { orgId });
    if (filters.identifiers?.length)
      query.andWhere('r.identifier in (:...ids)', { ids: filters.identifiers });
    if (filters.workflowIdentifiers?.length) {
      query.andWhere('r.workflowIdentifier in (:...workflows)', { workflows: filters.workflowIdentifiers });
    }
    if (filters.workflowIdentifierPrefix !== undefined) {
      const prefix = filters.workflowIdentifierPrefix.replace(/[\\%_]/g, (c) => `\\${c}`);
      query.andWhere('r.workflowIdentifier like :prefix', { prefix: `${prefix}%` });
    }
    if (filters.workflowVersions?.length) {
      query.andWhere('r.workflowVersion in (:...versions)', { versions: filters.workflowVersions });
    }
    if (filters.createdBy !== undefined)
      query.andWhere('r.createdBy = :createdBy', { createdBy: filters.createdBy });
    if (filters.statuses?.length)
      query.andWhere('r.status in (:...statuses)', { statuses: filters.statuses });
    if (filters.results?.length) query.andWhere('r.result in (:...results)', { results: filters.results });
    if (filters.visibleTo !== undefined) {
      query.andWhere('(r.allowAnyoneToViewRuns = true or r.createdBy = :viewer)', {
        viewer: filters.visibleTo,
      });
    }
    return query
      .orderBy('r.createdAt', 'DESC')
      .addOrderBy('r.identifier', 'DESC')
      .offset(filters.offset)
      .limit(filters.limit)
      .getMany();
  }
}
