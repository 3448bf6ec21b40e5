import { Injectable } from '@nestjs/common';
import { addToOutbox, type OutboxMessage } from '@flowline/nest-database';
import { DataSource, type EntityManager } from 'typeorm';
import { type QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { WorkflowEntity, WorkflowVersionEntity } from './workflow.entity';
import { type StoredWorkflow } from './workflow-view';

/** Another request created the same identifier first (the primary key decided). */
export class DuplicateWorkflowError extends Error {
  constructor(identifier: string) {
    super(`workflow "${identifier}" already exists`);
  }
}

/** The writes of one change, inside one transaction together with the messages announcing it. */
export class WorkflowTransaction {
  constructor(private readonly manager: EntityManager) {}

  /** The workflow's head row, locked until commit so concurrent saves get consecutive versions. */
  lockHead(orgId: string, identifier: string): Promise<WorkflowEntity | null> {
    return this.manager
      .getRepository(WorkflowEntity)
      .createQueryBuilder('w')
      .where('w.orgId = :orgId and w.identifier = :identifier', { orgId, identifier })
      .setLock('pessimistic_write')
      .getOne();
  }

  /** Inserts a new workflow; a concurrent insert of the same identifier waits for ours, then does nothing. */
  async insertHead(head: WorkflowEntity): Promise<void> {
    const result = await this.manager
      .createQueryBuilder()
      .insert()
      .into(WorkflowEntity)
      .values(head)
      .orIgnore()
      .returning(['identifier'])
      .execute();
    if ((result.raw as unknown[]).length === 0) throw new DuplicateWorkflowError(head.identifier);
  }

  async updateHead(head: WorkflowEntity): Promise<void> {
    const { orgId, identifier, ...changes } = head;
    await this.manager.getRepository(WorkflowEntity).update({ orgId, identifier }, changes);
  }

  async insertVersion(version: WorkflowVersionEntity): Promise<void> {
    // TypeORM's insert type cannot follow `Record<string, unknown>` JSON columns.
    await this.manager
      .getRepository(WorkflowVersionEntity)
      .insert(version as QueryDeepPartialEntity<WorkflowVersionEntity>);
  }

  findVersion(orgId: string, identifier: string, version: number): Promise<WorkflowVersionEntity | null> {
    return this.manager
      .getRepository(WorkflowVersionEntity)
      .findOneBy({ orgId, workflowIdentifier: identifier, version });
  }

  publish(messages: OutboxMessage[]): Promise<void> {
    return addToOutbox(this.manager, messages);
  }
}

/** Workflow heads and versions. Every query names the org. */
@Injectable()
export class WorkflowRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (tx: WorkflowTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new WorkflowTransaction(manager)));
  }

  /** A workflow with one of its versions (default: the latest); deleted ones only when asked. */
  async find(
    orgId: string,
    identifier: string,
    options: { includeDeleted?: boolean; version?: number } = {},
  ): Promise<StoredWorkflow | null> {
    const head = await this.dataSource.getRepository(WorkflowEntity).findOneBy({ orgId, identifier });
    if (!head || (head.isDeleted && !options.includeDeleted)) return null;
    const version = await this.dataSource.getRepository(WorkflowVersionEntity).findOneBy({
      orgId,
      workflowIdentifier: identifier,
      version: options.version ?? head.latestVersion,
    });
    return version ? { head, version } : null;
  }

  /** The latest version of every workflow of the org that is (or is not) deleted. */
  async listLatest(orgId: string, deleted: boolean): Promise<StoredWorkflow[]> {
    const rows = await this.dataSource
      .getRepository(WorkflowEntity)
      .createQueryBuilder('w')
      .innerJoinAndMapOne(
        'w.latest',
        WorkflowVersionEntity,
        'v',
        'v.orgId = w.orgId and v.workflowIdentifier = w.identifier and v.version = w.latestVersion',
      )
      .where('w.orgId = :orgId and w.isDeleted = :deleted', { orgId, deleted })
      .orderBy('w.createdAt', 'ASC')
      .addOrderBy('w.identifier', 'ASC')
      .getMany();
    return rows.map((row) => {
      const { latest, ...head } = row as WorkflowEntity & { latest: WorkflowVersionEntity };
      return { head, version: latest };
    });
  }

  /** Every version of one workflow, oldest first, without their bodies. */
  listVersions(
    orgId: string,
    identifier: string,
  ): Promise<
    Array<Pick<WorkflowVersionEntity, 'workflowIdentifier' | 'version' | 'createdBy' | 'createdAt'>>
  > {
    return this.dataSource.getRepository(WorkflowVersionEntity).find({
      select: { workflowIdentifier: true, version: true, createdBy: true, createdAt: true },
      where: { orgId, workflowIdentifier: identifier },
      order: { version: 'ASC' },
    });
  }
}
