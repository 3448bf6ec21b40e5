import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Per-org webhook signing secrets (x-port-signature), encrypted at rest, with rotation grace periods. */
export class WebhookSigningKeys1763800000002 implements MigrationInterface {
  name = 'WebhookSigningKeys1763800000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema ?? 'workflows'}"`;
    await queryRunner.query(`
      create table ${s}."webhook_signing_keys" (
        org_id text not null,
        version integer not null,
        ciphertext bytea not null,
        iv bytea not null,
        auth_tag bytea not null,
        created_by text not null,
        created_at timestamptz not null,
        valid_until timestamptz,
        constraint "PK_webhook_signing_keys" primary key (org_id, version),
        constraint "CHK_webhook_signing_keys_iv" check (octet_length(iv) = 12),
        constraint "CHK_webhook_signing_keys_auth_tag" check (octet_length(auth_tag) = 16)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema ?? 'workflows'}"`;
    await queryRunner.query(`drop table ${s}."webhook_signing_keys"`);
  }
}
