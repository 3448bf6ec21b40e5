import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Org secrets, encrypted at rest (AES-256-GCM), and the audit trail of every access and change. */
export class OrgSecrets1763800000001 implements MigrationInterface {
  name = 'OrgSecrets1763800000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema ?? 'workflows'}"`;
    await queryRunner.query(`
      create table ${s}."secrets" (
        org_id text not null,
        name text not null,
        ciphertext bytea not null,
        iv bytea not null,
        auth_tag bytea not null,
        created_by text not null,
        created_at timestamptz not null,
        updated_by text not null,
        updated_at timestamptz not null,
        constraint "PK_secrets" primary key (org_id, name),
        constraint "CHK_secrets_iv" check (octet_length(iv) = 12),
        constraint "CHK_secrets_auth_tag" check (octet_length(auth_tag) = 16)
      )`);
    await queryRunner.query(`
      create table ${s}."secret_audit_log" (
        id bigserial not null,
        org_id text not null,
        secret_name text not null,
        action text not null,
        outcome text not null,
        actor_id text not null,
        actor_kind text not null,
        at timestamptz not null default now(),
        constraint "PK_secret_audit_log" primary key (id)
      )`);
    await queryRunner.query(
      `create index "IDX_secret_audit_log_org_at" on ${s}."secret_audit_log" (org_id, at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema ?? 'workflows'}"`;
    await queryRunner.query(`drop table ${s}."secret_audit_log"`);
    await queryRunner.query(`drop table ${s}."secrets"`);
  }
}
