import { DataSource } from 'typeorm';
import { dataSourceOptions, migrateDatabase } from '@flowline/nest-database';
import { createTestNamespace, type TestNamespace } from '@flowline/testing';
import { entities } from './entities';
import { migrations } from './migrations';

describe('triggers migrations', () => {
  let ns: TestNamespace;
  let dataSource: DataSource;

  beforeAll(async () => {
    ns = await createTestNamespace('triggers-migrations');
    const settings = { url: ns.databaseUrl, schema: ns.schema, entities, migrations };
    await migrateDatabase(settings);
    // Quiet: the uniqueness tests make statements fail on purpose.
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

  it('keeps one submission per org, workflow and idempotency key, and one run per org and event run key', async () => {
    const s = `"${ns.schema}"`;
    const submission = (org: string, run: string) =>
      dataSource.query(
        `insert into ${s}.self_serve_submissions (org_id, workflow_identifier, idempotency_key, run_id, run_key,
           request_fingerprint, workflow_version, created_by, created_at) values ($1, 'wf', 'k', $2, 'rk', 'f', 1, 'u', now())`,
        [org, run],
      );
    await submission('org_a', 'wfr_1');
    await submission('org_b', 'wfr_2');
    await expect(submission('org_a', 'wfr_3')).rejects.toThrow(/PK_self_serve_submissions/);

    const eventRun = (org: string, run: string) =>
      dataSource.query(
        `insert into ${s}.event_runs (org_id, run_key, run_id, event_id, workflow_identifier, workflow_version, created_at)
         values ($1, 'event:msg_1:wf', $2, 'msg_1', 'wf', 1, now())`,
        [org, run],
      );
    await eventRun('org_a', 'wfr_4');
    await eventRun('org_b', 'wfr_5');
    await expect(eventRun('org_a', 'wfr_6')).rejects.toThrow(/PK_event_runs/);
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
