import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Workflows, their immutable versions, and the stored execution permissions of their nodes. */
export class WorkflowDefinitions1763800000000 implements MigrationInterface {
  name = 'WorkflowDefinitions1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema ?? 'workflows'}"`;
    await queryRunner.query(`
      create table ${s}."workflows" (
        org_id text not null,
        identifier text not null,
        latest_version integer not null,
        is_deleted boolean not null default false,
        deleted_at timestamptz,
        deleted_by text,
        created_by text not null,
        created_at timestamptz not null,
        constraint "PK_workflows" primary key (org_id, identifier),
        constraint "CHK_workflows_latest_version" check (latest_version > 0)
      )`);
    await queryRunner.query(`
      create table ${s}."workflow_versions" (
        org_id text not null,
        workflow_identifier text not null,
        version integer not null,
        definition jsonb not null,
        submitted json not null,
        created_by text not null,
        created_at timestamptz not null,
        constraint "PK_workflow_versions" primary key (org_id, workflow_identifier, version),
        constraint "CHK_workflow_versions_version" check (version > 0),
        constraint "FK_workflow_versions_workflow" foreign key (org_id, workflow_identifier)
          references ${s}."workflows" (org_id, identifier)
      )`);
    // A stored version is what runs are pinned to: the database refuses to change one.
    await queryRunner.query(`
      create function ${s}."refuse_workflow_version_update"() returns trigger language plpgsql as $$
      begin
        raise exception 'workflow versions are immutable';
      end
      $$`);
    await queryRunner.query(`
      create trigger "workflow_versions_immutable" before update on ${s}."workflow_versions"
      for each row execute function ${s}."refuse_workflow_version_update"()`);
    await queryRunner.query(`
      create table ${s}."workflow_node_permissions" (
        org_id text not null,
        workflow_identifier text not null,
        node_identifier text not null,
        permissions jsonb not null,
        updated_by text not null,
        updated_at timestamptz not null,
        constraint "PK_workflow_node_permissions" primary key (org_id, workflow_identifier, node_identifier),
        constraint "FK_workflow_node_permissions_workflow" foreign key (org_id, workflow_identifier)
          references ${s}."workflows" (org_id, identifier)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema ?? 'workflows'}"`;
    await queryRunner.query(`drop table ${s}."workflow_node_permissions"`);
    await queryRunner.query(`drop trigger "workflow_versions_immutable" on ${s}."workflow_versions"`);
    await queryRunner.query(`drop function ${s}."refuse_workflow_version_update"()`);
    await queryRunner.query(`drop table ${s}."workflow_versions"`);
    await queryRunner.query(`drop table ${s}."workflows"`);
  }
}
