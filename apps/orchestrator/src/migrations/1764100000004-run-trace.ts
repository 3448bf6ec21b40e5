import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Each run keeps the trace it started in, so later work on it (timers, retries, PATCHes) joins that trace. */
export class RunTrace1764100000004 implements MigrationInterface {
  name = 'RunTrace1764100000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema ?? 'orchestrator'}"`;
    await queryRunner.query(`alter table ${s}."runs" add column trace_parent text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema ?? 'orchestrator'}"`;
    await queryRunner.query(`alter table ${s}."runs" drop column trace_parent`);
  }
}
