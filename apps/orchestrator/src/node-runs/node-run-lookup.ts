import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type NodeRunAttemptEntity, NodeRunEntity, type NodeRunLogEntity } from '../runs/node-run.entity';
import { RunEntity } from '../runs/run.entity';
import { RunRepository } from '../runs/run.repository';

/** What deciding visibility and showing the node's config take from the node run's run. */
export type OwningRun = Pick<RunEntity, 'identifier' | 'createdBy' | 'allowAnyoneToViewRuns' | 'definition'>;

export interface FoundNodeRun {
  nodeRun: NodeRunEntity;
  run: OwningRun;
  logs: NodeRunLogEntity[];
  attempts: NodeRunAttemptEntity[];
}

const MAX_BY_EXTERNAL_ID = 100;

/** Reads node runs by their own identifier or by the external system's id. Every query names the org. */
@Injectable()
export class NodeRunLookup {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runs: RunRepository,
  ) {}

  async byIdentifier(orgId: string, identifier: string): Promise<FoundNodeRun | undefined> {
    const nodeRun = await this.dataSource.getRepository(NodeRunEntity).findOneBy({ orgId, identifier });
    if (!nodeRun) return undefined;
    return (await this.withDetails(orgId, [nodeRun]))[0];
  }

  /** The newest first, at most 100. */
  async byExternalRunId(orgId: string, externalRunId: string): Promise<FoundNodeRun[]> {
    const nodeRuns = await this.dataSource.getRepository(NodeRunEntity).find({
      where: { orgId, externalRunId },
      order: { createdAt: 'DESC' },
      take: MAX_BY_EXTERNAL_ID,
    });
    return this.withDetails(orgId, nodeRuns);
  }

  private async withDetails(orgId: string, nodeRuns: NodeRunEntity[]): Promise<FoundNodeRun[]> {
    if (nodeRuns.length === 0) return [];
    const ids = nodeRuns.map((nodeRun) => nodeRun.identifier);
    const runIds = [...new Set(nodeRuns.map((nodeRun) => nodeRun.runIdentifier))];
    const runs = await this.dataSource
      .getRepository(RunEntity)
      .createQueryBuilder('r')
      .select(['r.orgId', 'r.identifier', 'r.createdBy', 'r.allowAnyoneToViewRuns', 'r.definition'])
      .where('r.orgId = :orgId and r.identifier in (:...runIds)', { orgId, runIds })
      .getMany();
    const { logs, attempts } = await this.runs.logsAndAttemptsOf(orgId, ids);
    return nodeRuns.flatMap((nodeRun) => {
      const run = runs.find((candidate) => candidate.identifier === nodeRun.runIdentifier);
      if (!run) return [];
      const mine = <T extends { nodeRunIdentifier: string }>(rows: T[]) =>
        rows.filter((row) => row.nodeRunIdentifier === nodeRun.identifier);
      return [{ nodeRun, run, logs: mine(logs), attempts: mine(attempts) }];
    });
  }
}
