import { DataSource } from 'typeorm';
import { dataSourceOptions, migrateDatabase } from '@flowline/nest-database';
import { createTestNamespace, type TestNamespace } from '@flowline/testing';
import { entities } from './entities';
import { migrations } from './migrations';

describe('orchestrator migrations', () => {
  let ns: TestNamespace;
  let dataSource: DataSource;

  beforeAll(async () => {
    ns = await createTestNamespace('orchestrator-migrations');
    const settings = { url: ns.databaseUrl, schema: ns.schema, entities, migrations };
    await migrateDatabase(settings);
    dataSource = await new DataSource({ ...dataSourceOptions(settings), logging: false }).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await ns?.dispose();
  });

  it('create exactly what the entities map (nothing left for TypeORM to change)', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    const changes = pending.upQueries.map((query) => query.query);
    // The outbox belongs to @flowline/nest-database (its jsonb default reads back differently).
    const ours = changes.filter((query) => !query.includes(`"${ns.schema}"."outbox"`));
    expect(ours).toEqual([]);
  });

  it('refuses a second run with the same run key in an org, and a status outside the lifecycle', async () => {
    const s = `"${ns.schema}"`;
    const insert = (org: string, id: string, key: string, status = 'IN_PROGRESS') =>
      dataSource.query(
        `insert into ${s}.runs (org_id, identifier, run_key, workflow_identifier, workflow_version,
           allow_anyone_to_view_runs, definition, trigger, chain_depth, status, outputs, created_by,
           created_at, updated_at)
         values ($1, $2, $3, 'wf', 1, true, '{}', '{}', 0, $4, '{}', 'u', now(), now())`,
        [org, id, key, status],
      );
    await insert('org_a', 'wfr_1', 'k');
    await insert('org_b', 'wfr_2', 'k');
    await expect(insert('org_a', 'wfr_3', 'k')).rejects.toThrow(/UQ_runs_run_key/);
    await expect(insert('org_a', 'wfr_4', 'k4', 'DONE')).rejects.toThrow(/CHK_runs_status/);
  });

  it('rolls back cleanly', async () => {
    for (let i = 0; i < migrations.length - 1; i += 1)
      await dataSource.undoLastMigration({ transaction: 'each' });
    const tables = await dataSource.query(
      `select table_name from information_schema.tables where table_schema = $1 order by table_name`,
      [ns.schema],
    );
    expect(tables.map((t: { table_name: string }) => t.table_name)).toEqual(['migrations', 'outbox']);
    await dataSource.runMigrations({ transaction: 'each' });
  });
});
