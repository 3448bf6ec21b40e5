import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Action runs' own fields (status label, summary, link, termination) and their log lines. */
export class ActionRuns1766900000000 implements MigrationInterface {
  name = 'ActionRuns1766900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema ?? 'orchestrator'}"`;
    await queryRunner.query(`
      create table ${s}."action_run_fields" (
        org_id text not null,
        run_identifier text not null,
        status_label text,
        summary text,
        link jsonb,
        terminated_at timestamptz,
        updated_at timestamptz not null,
        constraint "PK_action_run_fields" primary key (org_id, run_identifier)
      )`);
    await queryRunner.query(`
      create table ${s}."action_run_logs" (
        id text not null,
        org_id text not null,
        run_identifier text not null,
        message text not null,
        created_by text not null,
        created_at timestamptz not null,
        constraint "PK_action_run_logs" primary key (id)
      )`);
    await queryRunner.query(
      `create index "IDX_action_run_logs_run" on ${s}."action_run_logs" (org_id, run_identifier, created_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema ?? 'orchestrator'}"`;
    await queryRunner.query(`drop table ${s}."action_run_logs"`);
    await queryRunner.query(`drop table ${s}."action_run_fields"`);
  }
}
