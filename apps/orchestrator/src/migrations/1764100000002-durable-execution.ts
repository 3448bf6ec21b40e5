import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Durable execution and run control: one record per attempt of a node run (logs name their attempt),
 * concurrency queueing, graceful cancel, and the links of re-runs and retries to their origin.
 */
export class DurableExecution1764100000002 implements MigrationInterface {
  name = 'DurableExecution1764100000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema ?? 'orchestrator'}"`;
    await queryRunner.query(`
      alter table ${s}."runs"
        add column queued boolean not null default false,
        add column cancel_requested_at timestamptz,
        add column cancel_requested_by text,
        add column rerun_of text,
        add column retry_of text`);
    await queryRunner.query(
      `create index "IDX_runs_org_status_workflow" on ${s}."runs" (org_id, status, workflow_identifier)`,
    );
    await queryRunner.query(`create index "IDX_runs_queued" on ${s}."runs" (queued, org_id, created_at)`);
    await queryRunner.query(`alter table ${s}."node_run_logs" add column attempt integer`);
    await queryRunner.query(`
      create table ${s}."node_run_attempts" (
        org_id text not null,
        node_run_identifier text not null,
        attempt integer not null,
        status text not null,
        result text,
        error text,
        started_at timestamptz not null,
        completed_at timestamptz,
        constraint "PK_node_run_attempts" primary key (org_id, node_run_identifier, attempt),
        constraint "CHK_node_run_attempts_status" check (status in ('IN_PROGRESS', 'COMPLETED')),
        constraint "CHK_node_run_attempts_result"
          check (result is null or result in ('SUCCESS', 'FAILED', 'CANCELLED')),
        constraint "FK_node_run_attempts_node_run" foreign key (org_id, node_run_identifier)
          references ${s}."node_runs" (org_id, identifier)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema ?? 'orchestrator'}"`;
    await queryRunner.query(`drop table ${s}."node_run_attempts"`);
    await queryRunner.query(`alter table ${s}."node_run_logs" drop column attempt`);
    await queryRunner.query(`drop index ${s}."IDX_runs_queued"`);
    await queryRunner.query(`drop index ${s}."IDX_runs_org_status_workflow"`);
    await queryRunner.query(`
      alter table ${s}."runs"
        drop column queued,
        drop column cancel_requested_at,
        drop column cancel_requested_by,
        drop column rerun_of,
        drop column retry_of`);
  }
}
