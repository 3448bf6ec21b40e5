import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ActionEntity } from './action.entity';

/** Stored actions. Every query names the org. */
@Injectable()
export class ActionRepository {
  constructor(private readonly dataSource: DataSource) {}

  find(orgId: string, identifier: string, manager?: EntityManager): Promise<ActionEntity | null> {
    return (manager ?? this.dataSource.manager).findOneBy(ActionEntity, { orgId, identifier });
  }

  list(orgId: string): Promise<ActionEntity[]> {
    return this.dataSource
      .getRepository(ActionEntity)
      .find({ where: { orgId }, order: { createdAt: 'ASC' } });
  }

  async save(action: ActionEntity, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).save(ActionEntity, action);
  }

  async remove(orgId: string, identifier: string): Promise<void> {
    await this.dataSource.getRepository(ActionEntity).delete({ orgId, identifier });
  }
}
