import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { outboxTableSql } from '@flowline/nest-database';

export class Initial1763800000000 implements MigrationInterface {
  name = 'Initial1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema ?? 'catalog';
    for (const sql of outboxTableSql(schema).up) await queryRunner.query(sql);
    await queryRunner.query(`
      create table "${schema}"."blueprints" (
        org_id text not null,
        identifier text not null,
        title text not null,
        icon text,
        description text,
        schema jsonb not null,
        relations jsonb not null,
        created_at timestamptz not null,
        created_by text not null,
        updated_at timestamptz not null,
        updated_by text not null,
        constraint blueprints_pk primary key (org_id, identifier)
      )`);
    await queryRunner.query(`
      create table "${schema}"."entities" (
        org_id text not null,
        blueprint text not null,
        identifier text not null,
        title text,
        icon text,
        team jsonb not null,
        properties jsonb not null,
        relations jsonb not null,
        created_at timestamptz not null,
        created_by text not null,
        updated_at timestamptz not null,
        updated_by text not null,
        constraint entities_pk primary key (org_id, blueprint, identifier),
        constraint entities_blueprint_fk foreign key (org_id, blueprint)
          references "${schema}"."blueprints" (org_id, identifier) on delete restrict
      )`);
    await queryRunner.query(`
      create table "${schema}"."entity_timers" (
        org_id text not null,
        blueprint text not null,
        entity text not null,
        property text not null,
        due_at timestamptz not null,
        fired_at timestamptz,
        constraint entity_timers_pk primary key (org_id, blueprint, entity, property),
        constraint entity_timers_entity_fk foreign key (org_id, blueprint, entity)
          references "${schema}"."entities" (org_id, blueprint, identifier) on delete cascade
      )`);
    // The sweeper's scan: unfired timers by due time.
    await queryRunner.query(
      `create index entity_timers_due on "${schema}"."entity_timers" (due_at) where fired_at is null`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema ?? 'catalog';
    await queryRunner.query(`drop table "${schema}"."entity_timers"`);
    await queryRunner.query(`drop table "${schema}"."entities"`);
    await queryRunner.query(`drop table "${schema}"."blueprints"`);
    for (const sql of outboxTableSql(schema).down) await queryRunner.query(sql);
  }
}
