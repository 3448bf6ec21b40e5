import { DataSource } from 'typeorm';
import { dataSourceOptions, migrateDatabase, pendingSchemaChanges } from '@flowline/nest-database';
import { createTestNamespace, type TestNamespace } from '@flowline/testing';
import { entities } from './entities';
import { migrations } from './migrations';

describe('executor-github migrations', () => {
  let ns: TestNamespace;
  let dataSource: DataSource;

  beforeAll(async () => {
    ns = await createTestNamespace('executor-github-migrations');
    const settings = { url: ns.databaseUrl, schema: ns.schema, entities, migrations };
    await migrateDatabase(settings);
    dataSource = await new DataSource({ ...dataSourceOptions(settings), logging: false }).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await ns?.dispose();
  });

  it('create exactly what the entities map (nothing left for TypeORM to change)', async () => {
    expect(await pendingSchemaChanges(dataSource)).toEqual([]);
  });

  it('let a GitHub run belong to one node run only', async () => {
    const insert = (nodeRunId: string) =>
      dataSource.query(
        `insert into "${ns.schema}".dispatched_runs (org_id, node_run_id, attempt, run_id, owner, repo, workflow, ref,
           installation_id, github_run_id, status, dispatched_at, created_at, updated_at)
         values ('o', $1, 1, 'wfr_x', 'o', 'r', 'w.yml', 'main', 1, 42, 'WAITING', now(), now(), now())`,
        [nodeRunId],
      );
    await insert('wfnr_1');
    await expect(insert('wfnr_2')).rejects.toThrow('UQ_dispatched_runs_github_run');
  });

  it('roll back cleanly', async () => {
    await dataSource.undoLastMigration({ transaction: 'each' });
    const tables = await dataSource.query(
      `select table_name from information_schema.tables where table_schema = $1 order by table_name`,
      [ns.schema],
    );
    expect(tables.map((t: { table_name: string }) => t.table_name)).toEqual(['migrations']);
    await dataSource.runMigrations({ transaction: 'each' });
  });
});
