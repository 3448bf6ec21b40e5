import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { outboxTableSql } from '@flowline/nest-database';

/** The outbox (node results from webhooks and polling) and the dispatched GitHub runs. */
export class Initial1764600000000 implements MigrationInterface {
  name = 'Initial1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema ?? 'executor_github';
    const s = `"${schema}"`;
    for (const sql of outboxTableSql(schema).up) await queryRunner.query(sql);
    await queryRunner.query(`
      create table ${s}."dispatched_runs" (
        org_id text not null,
        node_run_id text not null,
        attempt integer not null,
        run_id text not null,
        owner text not null,
        repo text not null,
        workflow text not null,
        ref text not null,
        installation_id bigint not null,
        github_run_id bigint,
        run_url text,
        status text not null,
        conclusion text,
        dispatched_at timestamptz not null,
        next_poll_at timestamptz,
        completed_at timestamptz,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        constraint "PK_dispatched_runs" primary key (org_id, node_run_id, attempt),
        constraint "CHK_dispatched_runs_status" check (status in ('WAITING', 'COMPLETED', 'UNTRACKED'))
      )`);
    await queryRunner.query(
      `create unique index "UQ_dispatched_runs_github_run" on ${s}."dispatched_runs" (github_run_id)`,
    );
    await queryRunner.query(
      `create index "IDX_dispatched_runs_due" on ${s}."dispatched_runs" (status, next_poll_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema ?? 'executor_github';
    await queryRunner.query(`drop table "${schema}"."dispatched_runs"`);
    for (const sql of outboxTableSql(schema).down) await queryRunner.query(sql);
  }
}
