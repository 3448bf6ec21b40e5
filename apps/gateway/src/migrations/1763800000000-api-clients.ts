import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Machine clients (client-credentials sign-in). The gateway publishes nothing, so it has no outbox. */
export class ApiClients1763800000000 implements MigrationInterface {
  name = 'ApiClients1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema ?? 'gateway';
    await queryRunner.query(`
      create table "${schema}"."api_clients" (
        "client_id" text primary key,
        "org_id" text not null,
        "secret_hash" text not null,
        "roles" text[] not null,
        "created_at" timestamptz not null default now()
      )`);
    await queryRunner.query(`create index "api_clients_org_id" on "${schema}"."api_clients" ("org_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema ?? 'gateway';
    await queryRunner.query(`drop table "${schema}"."api_clients"`);
  }
}
