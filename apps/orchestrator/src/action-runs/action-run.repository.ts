import { Injectable } from '@nestjs/common';
import { ActionNodes, newId } from '@flowline/contracts';
import { DataSource, type EntityManager, In } from 'typeorm';
import { NodeRunEntity } from '../runs/node-run.entity';
import { ActionRunFieldsEntity, ActionRunLogEntity } from './action-run.entity';

export interface ActionRunFieldChanges {
  statusLabel?: string;
  summary?: string;
  link?: string | string[];
  terminatedAt?: Date;
}

/** Action runs' own fields and log lines. Every query names the org. */
@Injectable()
export class ActionRunRepository {
  constructor(private readonly dataSource: DataSource) {}

  fieldsOf(orgId: string, runIdentifier: string, manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).findOneBy(ActionRunFieldsEntity, { orgId, runIdentifier });
  }

  async fieldsOfRuns(orgId: string, runIdentifiers: string[]): Promise<Map<string, ActionRunFieldsEntity>> {
    if (runIdentifiers.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(ActionRunFieldsEntity)
      .findBy({ orgId, runIdentifier: In(runIdentifiers) });
    return new Map(rows.map((row) => [row.runIdentifier, row]));
  }

  /** Each given field overwrites the stored one (Port's PATCH), inside the caller's transaction. */
  async change(
    manager: EntityManager,
    orgId: string,
    runIdentifier: string,
    changes: ActionRunFieldChanges,
  ): Promise<void> {
    const existing = await this.fieldsOf(orgId, runIdentifier, manager);
    const row =
      existing ??
      Object.assign(new ActionRunFieldsEntity(), {
        orgId,
        runIdentifier,
        statusLabel: null,
        summary: null,
        link: null,
        terminatedAt: null,
      });
    for (const [key, value] of Object.entries(changes))
      if (value !== undefined) Object.assign(row, { [key]: value });
    row.updatedAt = new Date();
    await manager.save(ActionRunFieldsEntity, row);
  }

  /** The external id its backend reported (PATCH `externalRunId`), if any. */
  async externalRunIdOf(
    manager: EntityManager,
    orgId: string,
    runIdentifier: string,
  ): Promise<string | null> {
    const backend = await manager.findOne(NodeRunEntity, {
      select: { identifier: true, externalRunId: true },
      where: { orgId, runIdentifier, nodeIdentifier: ActionNodes.backend },
    });
    return backend?.externalRunId ?? null;
  }

  async appendLog(
    manager: EntityManager,
    line: Pick<ActionRunLogEntity, 'orgId' | 'runIdentifier' | 'message' | 'createdBy'>,
  ): Promise<ActionRunLogEntity> {
    const row = Object.assign(new ActionRunLogEntity(), {
      ...line,
      id: `log_${newId('message').slice('msg_'.length)}`,
      createdAt: new Date(),
    });
    await manager.save(ActionRunLogEntity, row);
    return row;
  }

  logsOf(orgId: string, runIdentifier: string, limit: number, offset: number) {
    return this.dataSource.getRepository(ActionRunLogEntity).find({
      where: { orgId, runIdentifier },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: limit,
      skip: offset,
    });
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
