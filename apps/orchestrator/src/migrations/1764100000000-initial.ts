import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { outboxTableSql } from '@flowline/nest-database';

export class Initial1764100000000 implements MigrationInterface {
  name = 'Initial1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema ?? 'orchestrator';
    for (const sql of outboxTableSql(schema).up) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema ?? 'orchestrator';
    for (const sql of outboxTableSql(schema).down) await queryRunner.query(sql);
  }
}
