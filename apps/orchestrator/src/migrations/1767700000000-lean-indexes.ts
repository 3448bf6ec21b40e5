import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Indexes shaped by how the hot path uses them:
 * - Node runs are looked up by installation only for pull workers' claims, and most node runs have none:
 *   the index now holds only those that do, so it is smaller and costs nothing on most inserts.
 * - An attempt that ends deletes its timeout by node run: that delete gets an index instead of a scan of
 *   every timer in flight.
 */
export class LeanIndexes1767700000000 implements MigrationInterface {
  name = 'LeanIndexes1767700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema ?? 'orchestrator'}"`;
    await queryRunner.query(`drop index ${s}."IDX_node_runs_installation"`);
    await queryRunner.query(
      `create index "IDX_node_runs_installation" on ${s}."node_runs" (org_id, installation_id, created_at)
         where installation_id is not null`,
    );
    await queryRunner.query(
      `create index "IDX_node_run_timers_node_run" on ${s}."node_run_timers" (org_id, node_run_identifier)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema ?? 'orchestrator'}"`;
    await queryRunner.query(`drop index ${s}."IDX_node_run_timers_node_run"`);
    await queryRunner.query(`drop index ${s}."IDX_node_runs_installation"`);
    await queryRunner.query(
      `create index "IDX_node_runs_installation" on ${s}."node_runs" (org_id, installation_id, created_at)`,
    );
  }
}
