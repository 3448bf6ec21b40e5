import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Approvals (INPUT nodes): the engine's state of an approval on its node run, the approvals a run
 * reached, and one decision per approver (unique).
 */
export class Approvals1764100000003 implements MigrationInterface {
  name = 'Approvals1764100000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema ?? 'orchestrator'}"`;
    await queryRunner.query(`alter table ${s}."node_runs" add column approval jsonb`);
    await queryRunner.query(`
      create table ${s}."approvals" (
        org_id text not null,
        node_run_identifier text not null,
        run_identifier text not null,
        description text,
        approvers jsonb not null,
        quorum jsonb not null,
        status text not null,
        outcome text,
        result text,
        timeout_at timestamptz,
        created_at timestamptz not null,
        closed_at timestamptz,
        constraint "PK_approvals" primary key (org_id, node_run_identifier),
        constraint "CHK_approvals_status" check (status in ('PENDING', 'DECIDED', 'CANCELLED')),
        constraint "CHK_approvals_outcome"
          check (outcome is null or outcome in ('APPROVE', 'DECLINE', 'TIMEOUT')),
        constraint "FK_approvals_node_run" foreign key (org_id, node_run_identifier)
          references ${s}."node_runs" (org_id, identifier)
      )`);
    await queryRunner.query(
      `create index "IDX_approvals_org_status" on ${s}."approvals" (org_id, status, created_at)`,
    );
    await queryRunner.query(`
      create table ${s}."approval_decisions" (
        id bigserial not null,
        org_id text not null,
        node_run_identifier text not null,
        user_id text not null,
        email text,
        decision text not null,
        description text,
        decided_at timestamptz not null,
        constraint "PK_approval_decisions" primary key (id),
        constraint "UQ_approval_decisions_approver" unique (org_id, node_run_identifier, user_id),
        constraint "CHK_approval_decisions_decision" check (decision in ('APPROVE', 'DECLINE')),
        constraint "FK_approval_decisions_approval" foreign key (org_id, node_run_identifier)
          references ${s}."approvals" (org_id, node_run_identifier)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema ?? 'orchestrator'}"`;
    await queryRunner.query(`drop table ${s}."approval_decisions"`);
    await queryRunner.query(`drop table ${s}."approvals"`);
    await queryRunner.query(`alter table ${s}."node_runs" drop column approval`);
  }
}
