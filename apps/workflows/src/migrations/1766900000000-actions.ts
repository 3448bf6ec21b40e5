import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Actions & automations as written (Port's v2 JSON) and their permissions. */
export class Actions1766900000000 implements MigrationInterface {
  name = 'Actions1766900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema ?? 'workflows'}"`;
    await queryRunner.query(`
      create table ${s}."actions" (
        org_id text not null,
        identifier text not null,
        definition jsonb not null,
        permissions jsonb not null,
        created_by text not null,
        created_at timestamptz not null,
        updated_by text not null,
        updated_at timestamptz not null,
        constraint "PK_actions" primary key (org_id, identifier)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema ?? 'workflows'}"`;
    await queryRunner.query(`drop table ${s}."actions"`);
  }
}
