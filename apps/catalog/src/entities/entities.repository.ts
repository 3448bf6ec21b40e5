import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In, type Repository } from 'typeorm';
import { type SqlCondition } from '../search/entity-query-sql';
import { CatalogEntity } from './catalog-entity.entity';

// TypeORM cannot type jsonb columns holding open JSON; the values are checked before they get here.
type EntityValues = Parameters<Repository<CatalogEntity>['update']>[1];

/** Entity rows; every query names its org and blueprint. */
@Injectable()
export class EntitiesRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async find(orgId: string, blueprint: string, identifier: string): Promise<CatalogEntity | null> {
    return this.dataSource.getRepository(CatalogEntity).findOneBy({ orgId, blueprint, identifier });
  }

  /** Reads the entity and locks it until the transaction ends, so concurrent writes apply one by one. */
  async findForUpdate(
    manager: EntityManager,
    orgId: string,
    blueprint: string,
    identifier: string,
  ): Promise<CatalogEntity | null> {
    return manager
      .getRepository(CatalogEntity)
      .createQueryBuilder('e')
      .where('e.orgId = :orgId AND e.blueprint = :blueprint AND e.identifier = :identifier', {
        orgId,
        blueprint,
        identifier,
      })
      .setLock('pessimistic_write')
      .getOne();
  }

  async list(orgId: string, blueprint: string): Promise<CatalogEntity[]> {
    return this.dataSource
      .getRepository(CatalogEntity)
      .find({ where: { orgId, blueprint }, order: { identifier: 'ASC' } });
  }

  /** The blueprint's entities matching a compiled search condition (over alias `e`). */
  async search(orgId: string, blueprint: string, condition: SqlCondition): Promise<CatalogEntity[]> {
    return this.dataSource
      .getRepository(CatalogEntity)
      .createQueryBuilder('e')
      .where('e.orgId = :orgId AND e.blueprint = :blueprint', { orgId, blueprint })
      .andWhere(condition.sql, condition.params)
      .orderBy('e.identifier', 'ASC')
      .getMany();
  }

  /** Entities of every blueprint matching a compiled search condition (over alias `e`). */
  async searchAll(orgId: string, condition: SqlCondition): Promise<CatalogEntity[]> {
    return this.dataSource
      .getRepository(CatalogEntity)
      .createQueryBuilder('e')
      .where('e.orgId = :orgId', { orgId })
      .andWhere(condition.sql, condition.params)
      .orderBy('e.blueprint', 'ASC')
      .addOrderBy('e.identifier', 'ASC')
      .getMany();
  }

  /** Which of these identifiers name entities of the blueprint. */
  async existing(
    manager: EntityManager,
    orgId: string,
    blueprint: string,
    identifiers: string[],
  ): Promise<Set<string>> {
    if (identifiers.length === 0) return new Set();
    const rows = await manager
      .getRepository(CatalogEntity)
      .find({ select: { identifier: true }, where: { orgId, blueprint, identifier: In(identifiers) } });
    return new Set(rows.map((row) => row.identifier));
  }

  /** Inserts the entity unless one with its identifier exists (a concurrent create won); says which. */
  async insertIfAbsent(manager: EntityManager, row: CatalogEntity): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(CatalogEntity)
      .values(row as EntityValues)
      .orIgnore()
      .returning(['identifier'])
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  async update(manager: EntityManager, row: CatalogEntity): Promise<void> {
    const { orgId, blueprint, identifier, title, icon, team, properties, relations, updatedAt, updatedBy } =
      row;
    await manager.getRepository(CatalogEntity).update({ orgId, blueprint, identifier }, {
      title,
      icon,
      team,
      properties,
      relations,
      updatedAt,
      updatedBy,
    } as EntityValues);
  }

  /** Deletes the entity; its timers go with it (foreign key cascade). */
  async delete(manager: EntityManager, orgId: string, blueprint: string, identifier: string): Promise<void> {
    await manager.getRepository(CatalogEntity).delete({ orgId, blueprint, identifier });
  }
}
