import { DataSource } from 'typeorm';
import { dataSourceOptions, migrateDatabase, pendingSchemaChanges } from '@flowline/nest-database';
import { createTestNamespace, type TestNamespace } from '@flowline/testing';
import { entities } from './entities';
import { migrations } from './migrations';

describe('workflows migrations', () => {
  let ns: TestNamespace;
  let dataSource: DataSource;

  beforeAll(async () => {
    ns = await createTestNamespace('workflows-migrations');
    const settings = { url: ns.databaseUrl, schema: ns.schema, entities, migrations };
    await migrateDatabase(settings);
    // Quiet: one test makes a statement fail on purpose.
    dataSource = await new DataSource({ ...dataSourceOptions(settings), logging: false }).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await ns?.dispose();
  });

  it('create exactly what the entities map (nothing left for TypeORM to change)', async () => {
    expect(await pendingSchemaChanges(dataSource)).toEqual([]);
  });

  it('refuses to change a stored workflow version', async () => {
    const s = `"${ns.schema}"`;
    await dataSource.query(
      `insert into ${s}.workflows (org_id, identifier, latest_version, created_by, created_at) values ('o', 'w', 1, 'u', now())`,
    );
    await dataSource.query(
      `insert into ${s}.workflow_versions (org_id, workflow_identifier, version, definition, submitted, created_by, created_at)
       values ('o', 'w', 1, '{}', '{}', 'u', now())`,
    );
    await expect(
      dataSource.query(`update ${s}.workflow_versions set definition = '{"changed": true}'`),
    ).rejects.toThrow('workflow versions are immutable');
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
