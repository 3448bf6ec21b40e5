import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Rate-limit counters every gateway replica shares (one row per key and window). */
export class RateLimitWindows1765000000000 implements MigrationInterface {
  name = 'RateLimitWindows1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema ?? 'gateway';
    await queryRunner.query(`
      create table "${schema}"."rate_limit_windows" (
        "key" text not null,
        "window_start" timestamptz not null,
        "count" integer not null,
        primary key ("key", "window_start")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema ?? 'gateway';
    await queryRunner.query(`drop table "${schema}"."rate_limit_windows"`);
  }
}
