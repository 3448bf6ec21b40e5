import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Runs, node runs and their logs, the ids of handled messages, and durable node-run timers. */
export class Runs1764100000001 implements MigrationInterface {
  name = 'Runs1764100000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema ?? 'orchestrator'}"`;
    await queryRunner.query(`
      create table ${s}."processed_messages" (
        org_id text not null,
        message_id text not null,
        topic text not null,
        processed_at timestamptz not null,
        constraint "PK_processed_messages" primary key (org_id, message_id)
      )`);
    await queryRunner.query(
      `create index "IDX_processed_messages_processed_at" on ${s}."processed_messages" (processed_at)`,
    );
    await queryRunner.query(`
      create table ${s}."runs" (
        org_id text not null,
        identifier text not null,
        run_key text not null,
        workflow_identifier text not null,
        workflow_version integer not null,
        title text,
        icon text,
        allow_anyone_to_view_runs boolean not null,
        definition jsonb not null,
        trigger jsonb not null,
        chain_depth integer not null,
        status text not null,
        result text,
        outputs jsonb not null,
        created_by text not null,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        completed_at timestamptz,
        constraint "PK_runs" primary key (org_id, identifier),
        constraint "UQ_runs_run_key" unique (org_id, run_key),
        constraint "CHK_runs_status" check (status in ('IN_PROGRESS', 'COMPLETED')),
        constraint "CHK_runs_result" check (result is null or result in ('SUCCESS', 'FAILED', 'CANCELLED'))
      )`);
    await queryRunner.query(`create index "IDX_runs_org_created_at" on ${s}."runs" (org_id, created_at)`);
    await queryRunner.query(`
      create table ${s}."node_runs" (
        org_id text not null,
        identifier text not null,
        run_identifier text not null,
        node_identifier text not null,
        node_type text not null,
        node_title text,
        node_icon text,
        position integer not null,
        status text not null,
        result text,
        attempt integer not null,
        retry_due_at timestamptz,
        raw_output jsonb not null,
        output jsonb not null,
        selected_option text,
        installation_id text,
        claim_config jsonb,
        claimed_until timestamptz,
        acked_at timestamptz,
        external_run_id text,
        links jsonb,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        completed_at timestamptz,
        constraint "PK_node_runs" primary key (org_id, identifier),
        constraint "UQ_node_runs_node" unique (org_id, run_identifier, node_identifier),
        constraint "CHK_node_runs_status" check (status in ('IN_PROGRESS', 'COMPLETED')),
        constraint "CHK_node_runs_result" check (result is null or result in ('SUCCESS', 'FAILED', 'CANCELLED')),
        constraint "FK_node_runs_run" foreign key (org_id, run_identifier)
          references ${s}."runs" (org_id, identifier)
      )`);
    await queryRunner.query(
      `create index "IDX_node_runs_installation" on ${s}."node_runs" (org_id, installation_id, created_at)`,
    );
    await queryRunner.query(`
      create table ${s}."node_run_logs" (
        id bigserial not null,
        org_id text not null,
        node_run_identifier text not null,
        log_level text not null,
        log text not null,
        tags jsonb not null,
        created_at timestamptz not null,
        constraint "PK_node_run_logs" primary key (id),
        constraint "FK_node_run_logs_node_run" foreign key (org_id, node_run_identifier)
          references ${s}."node_runs" (org_id, identifier)
      )`);
    await queryRunner.query(
      `create index "IDX_node_run_logs_node_run" on ${s}."node_run_logs" (org_id, node_run_identifier, id)`,
    );
    await queryRunner.query(`
      create table ${s}."node_run_timers" (
        id bigserial not null,
        org_id text not null,
        run_identifier text not null,
        node_run_identifier text not null,
        kind text not null,
        attempt integer not null,
        due_at timestamptz not null,
        created_at timestamptz not null,
        constraint "PK_node_run_timers" primary key (id),
        constraint "CHK_node_run_timers_kind" check (kind in ('TIMEOUT', 'RETRY')),
        constraint "FK_node_run_timers_node_run" foreign key (org_id, node_run_identifier)
          references ${s}."node_runs" (org_id, identifier)
      )`);
    await queryRunner.query(`create index "IDX_node_run_timers_due_at" on ${s}."node_run_timers" (due_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema ?? 'orchestrator'}"`;
    await queryRunner.query(`drop table ${s}."node_run_timers"`);
    await queryRunner.query(`drop table ${s}."node_run_logs"`);
    await queryRunner.query(`drop table ${s}."node_runs"`);
    await queryRunner.query(`drop table ${s}."runs"`);
    await queryRunner.query(`drop table ${s}."processed_messages"`);
  }
}
