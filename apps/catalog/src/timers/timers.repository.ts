import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CatalogEntity } from '../entities/catalog-entity.entity';
import { EntityTimer } from './entity-timer.entity';
import { type TimerSchedule } from './timer-schedule';

export interface EntityKey {
  orgId: string;
  blueprint: string;
  entity: string;
}

/** A timer the sweeper claimed, with the entity it belongs to as it is now. */
export interface ExpiredTimer {
  timer: EntityTimer;
  entity: CatalogEntity;
}

/** Timer rows. Writers keep them in step with entities; the sweeper claims the due ones. */
@Injectable()
export class TimersRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Makes the entity's timer rows match its timer properties: unset ones are removed, new ones armed,
   * and a changed due time re-arms (clears `fired_at`). An unchanged one keeps its state, so rewriting
   * an entity does not fire an expired timer again.
   */
  async sync(manager: EntityManager, key: EntityKey, schedules: TimerSchedule[]): Promise<void> {
    const remove = manager
      .createQueryBuilder()
      .delete()
      .from(EntityTimer)
      .where('org_id = :orgId AND blueprint = :blueprint AND entity = :entity', { ...key });
    if (schedules.length > 0)
      remove.andWhere('property NOT IN (:...armed)', { armed: schedules.map((s) => s.property) });
    await remove.execute();
    if (schedules.length === 0) return;
    await manager.query(
      `INSERT INTO ${this.table(manager)} AS t (org_id, blueprint, entity, property, due_at, fired_at)
       SELECT $1, $2, $3, armed.property, armed.due_at, NULL
       FROM unnest($4::text[], $5::timestamptz[]) AS armed(property, due_at)
       ON CONFLICT (org_id, blueprint, entity, property)
       DO UPDATE SET due_at = EXCLUDED.due_at, fired_at = NULL
       WHERE t.due_at IS DISTINCT FROM EXCLUDED.due_at`,
      [
        key.orgId,
        key.blueprint,
        key.entity,
        schedules.map((s) => s.property),
        schedules.map((s) => s.dueAt.toISOString()),
      ],
    );
  }

  /** Removes the blueprint's timers on properties that are no longer timer properties. */
  async disarmAllBut(
    manager: EntityManager,
    orgId: string,
    blueprint: string,
    timerProperties: string[],
  ): Promise<void> {
    const remove = manager
      .createQueryBuilder()
      .delete()
      .from(EntityTimer)
      .where('org_id = :orgId AND blueprint = :blueprint', { orgId, blueprint });
    if (timerProperties.length > 0)
      remove.andWhere('property NOT IN (:...timerProperties)', { timerProperties });
    await remove.execute();
  }

  /**
   * Claims up to `limit` due, unfired timers and marks them fired, in the caller's transaction. Rows
   * another replica holds are skipped (SKIP LOCKED), so each expiry is claimed by exactly one sweeper;
   * if the transaction rolls back, the timers are due again.
   */
  async claimDue(manager: EntityManager, limit: number): Promise<ExpiredTimer[]> {
    const table = this.table(manager);
    const [claimed]: [Array<Record<string, unknown>>, number] = await manager.query(
      `UPDATE ${table} AS t SET fired_at = now()
       FROM (
         SELECT org_id, blueprint, entity, property FROM ${table}
         WHERE fired_at IS NULL AND due_at <= now()
         ORDER BY due_at
         LIMIT $1
         FOR UPDATE SKIP LOCKED
       ) AS due
       WHERE t.org_id = due.org_id AND t.blueprint = due.blueprint AND t.entity = due.entity
         AND t.property = due.property
       RETURNING t.org_id, t.blueprint, t.entity, t.property, t.due_at, t.fired_at`,
      [limit],
    );
    if (claimed.length === 0) return [];
    const timers = claimed.map((row) =>
      Object.assign(new EntityTimer(), {
        orgId: row.org_id,
        blueprint: row.blueprint,
        entity: row.entity,
        property: row.property,
        dueAt: new Date(row.due_at as string),
        firedAt: new Date(row.fired_at as string),
      }),
    );
    const entities = await manager.getRepository(CatalogEntity).find({
      where: timers.map(({ orgId, blueprint, entity }) => ({ orgId, blueprint, identifier: entity })),
    });
    const byKey = new Map(entities.map((e) => [`${e.orgId}\u0000${e.blueprint}\u0000${e.identifier}`, e]));
    return timers.flatMap((timer) => {
      const entity = byKey.get(`${timer.orgId}\u0000${timer.blueprint}\u0000${timer.entity}`);
      return entity ? [{ timer, entity }] : [];
    });
  }

  async find(key: EntityKey): Promise<EntityTimer[]> {
    return this.dataSource.getRepository(EntityTimer).find({ where: key, order: { property: 'ASC' } });
  }

  private table(manager: EntityManager): string {
    const metadata = manager.connection.getMetadata(EntityTimer);
    const escape = (name: string) => manager.connection.driver.escape(name);
    return metadata.schema
      ? `${escape(metadata.schema)}.${escape(metadata.tableName)}`
      : escape(metadata.tableName);
  }
}
