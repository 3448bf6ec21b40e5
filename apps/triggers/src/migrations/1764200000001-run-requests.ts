import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * What makes run requests idempotent: self-service submissions by Idempotency-Key, and the runs an
 * entity-change event started, by run key. The primary keys are the unique indexes that decide races.
 */
export class RunRequests1764200000001 implements MigrationInterface {
  name = 'RunRequests1764200000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema ?? 'triggers'}"`;
    await queryRunner.query(`
      create table ${s}."self_serve_submissions" (
        org_id text not null,
        workflow_identifier text not null,
        idempotency_key text not null,
        run_id text not null,
        run_key text not null,
        request_fingerprint text not null,
        workflow_version integer not null,
        created_by text not null,
        created_at timestamptz not null,
        constraint "PK_self_serve_submissions" primary key (org_id, workflow_identifier, idempotency_key)
      )`);
    await queryRunner.query(`
      create table ${s}."event_runs" (
        org_id text not null,
        run_key text not null,
        run_id text not null,
        event_id text not null,
        workflow_identifier text not null,
        workflow_version integer not null,
        created_at timestamptz not null,
        constraint "PK_event_runs" primary key (org_id, run_key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema ?? 'triggers'}"`;
    await queryRunner.query(`drop table ${s}."event_runs"`);
    await queryRunner.query(`drop table ${s}."self_serve_submissions"`);
  }
}
