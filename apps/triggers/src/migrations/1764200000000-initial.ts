import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { outboxTableSql } from '@flowline/nest-database';

export class Initial1764200000000 implements MigrationInterface {
  name = 'Initial1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema ?? 'triggers';
    for (const sql of outboxTableSql(schema).up) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema ?? 'triggers';
    for (const sql of outboxTableSql(schema).down) await queryRunner.query(sql);
  }
}
