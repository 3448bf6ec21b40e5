import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In, type Repository } from 'typeorm';
import { CatalogEntity } from '../entities/catalog-entity.entity';
import { Blueprint } from './blueprint.entity';
import { type BlueprintDefinition } from './blueprint.model';

// TypeORM cannot type jsonb columns holding open JSON; the values are checked before they get here.
type BlueprintValues = Parameters<Repository<Blueprint>['update']>[1];

/** Blueprint rows; every query names its org. */
@Injectable()
export class BlueprintsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async find(
    orgId: string,
    identifier: string,
    manager = this.dataSource.manager,
  ): Promise<Blueprint | null> {
    return manager.getRepository(Blueprint).findOneBy({ orgId, identifier });
  }

  /** Reads the blueprint and locks it against concurrent changes until the transaction ends. */
  async findForUpdate(manager: EntityManager, orgId: string, identifier: string): Promise<Blueprint | null> {
    return manager
      .getRepository(Blueprint)
      .createQueryBuilder('b')
      .where('b.orgId = :orgId AND b.identifier = :identifier', { orgId, identifier })
      .setLock('pessimistic_write')
      .getOne();
  }

  async list(orgId: string): Promise<Blueprint[]> {
    return this.dataSource.getRepository(Blueprint).find({ where: { orgId }, order: { identifier: 'ASC' } });
  }

  /** Which of these blueprint identifiers exist in the org. */
  async existing(manager: EntityManager, orgId: string, identifiers: string[]): Promise<Set<string>> {
    if (identifiers.length === 0) return new Set();
    const rows = await manager
      .getRepository(Blueprint)
      .find({ select: { identifier: true }, where: { orgId, identifier: In(identifiers) } });
    return new Set(rows.map((row) => row.identifier));
  }

  async insert(manager: EntityManager, row: Blueprint): Promise<void> {
    await manager.getRepository(Blueprint).insert(row as BlueprintValues);
  }

  async update(manager: EntityManager, row: Blueprint): Promise<void> {
    const { orgId, identifier, ...fields } = row;
    await manager.getRepository(Blueprint).update({ orgId, identifier }, fields as BlueprintValues);
  }

  async delete(manager: EntityManager, orgId: string, identifier: string): Promise<void> {
    await manager.getRepository(Blueprint).delete({ orgId, identifier });
  }

  async hasEntities(manager: EntityManager, orgId: string, identifier: string): Promise<boolean> {
    return manager.getRepository(CatalogEntity).existsBy({ orgId, blueprint: identifier });
  }

  /** Other blueprints of the org with a relation targeting this one. */
  async relatedFrom(manager: EntityManager, orgId: string, identifier: string): Promise<string[]> {
    const rows: Array<{ identifier: string }> = await manager
      .getRepository(Blueprint)
      .createQueryBuilder('b')
      .select('b.identifier', 'identifier')
      .where('b.orgId = :orgId AND b.identifier <> :identifier', { orgId, identifier })
      .andWhere(
        `EXISTS (SELECT 1 FROM jsonb_each(b.relations) AS relation WHERE relation.value ->> 'target' = :identifier)`,
      )
      .orderBy('b.identifier')
      .getRawMany();
    return rows.map((row) => row.identifier);
  }
}

export function blueprintDefinitionOf(row: Blueprint): BlueprintDefinition {
  const { identifier, title, icon, description, schema, relations } = row;
  return { identifier, title, icon, description, schema, relations };
}
