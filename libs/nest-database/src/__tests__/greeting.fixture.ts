import { Column, Entity, type MigrationInterface, PrimaryGeneratedColumn, type QueryRunner } from 'typeorm';

@Entity({ name: 'greetings' })
export class Greeting {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'org_id', type: 'text' }) orgId!: string;
  @Column({ type: 'text' }) text!: string;
}

export class CreateGreetings1700000000000 implements MigrationInterface {
  name = 'CreateGreetings1700000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema;
    await queryRunner.query(
      `create table "${schema}"."greetings" (id uuid primary key default gen_random_uuid(), org_id text not null, text text not null)`,
    );
    await queryRunner.query(
      `insert into "${schema}"."greetings" (org_id, text) values ('org_seed', 'hello from a migration')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`drop table "${queryRunner.connection.driver.schema}"."greetings"`);
  }
}
