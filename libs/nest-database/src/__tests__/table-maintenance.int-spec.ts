import pg from 'pg';
import { DataSource } from 'typeorm';
import { createTestNamespace, type TestNamespace } from '@flowline/testing-infra';
import { dataSourceOptions } from '../data-source-options';
import { TableMaintenance } from '../table-maintenance';

/**
 * The problem table maintenance solves where autovacuum is off, reproduced on the real PostgreSQL: a
 * foreign-key check planned while its parent table was nearly empty uses an index that merely starts with
 * `org_id`, so each insert of a child scans the whole org's parents, until an ANALYZE re-plans it.
 */
describe('table maintenance against the real PostgreSQL', () => {
  let ns: TestNamespace;
  let dataSource: DataSource;
  let maintenance: TableMaintenance;
  /** One connection, as a pool's would be: it keeps the foreign-key check's plan between statements. */
  let client: pg.Client;
  let s: string;

  beforeAll(async () => {
    ns = await createTestNamespace('maintenance');
    s = `"${ns.schema}"`;
    dataSource = await new DataSource(
      dataSourceOptions({ url: ns.databaseUrl, schema: ns.schema, entities: [], migrations: [] }),
    ).initialize();
    maintenance = new TableMaintenance(dataSource, 0);
    // Wide rows, like a node run's: without statistics PostgreSQL then expects so few rows that an index
    // matching `org_id` alone costs no more than the key's own (which pays for its second condition).
    await dataSource.query(
      `create table ${s}.parents (org_id text not null, id text not null, title text, body jsonb,
         output jsonb, links jsonb, approval jsonb, claim jsonb,
         created_at timestamptz not null default now(), primary key (org_id, id))`,
    );
    await dataSource.query(`create index parents_by_time on ${s}.parents (org_id, created_at)`);
    await dataSource.query(
      `create table ${s}.children (id bigserial primary key, org_id text not null, parent_id text not null,
         foreign key (org_id, parent_id) references ${s}.parents (org_id, id))`,
    );
    client = new pg.Client({ connectionString: ns.databaseUrl });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await dataSource?.destroy();
    await ns?.dispose();
  });

  /** How many index scans each index of `parents` has done so far (this backend's counts flushed first). */
  async function parentIndexScans(): Promise<Record<string, number>> {
    await client.query('select pg_stat_force_next_flush()');
    await client.query('select 1'); // the flush happens at the end of the previous statement's transaction
    await client.query('select pg_stat_clear_snapshot()');
    const { rows } = await client.query<{ index: string; scans: string }>(
      `select indexrelname as index, idx_scan as scans from pg_stat_user_indexes
        where schemaname = $1 and relname = 'parents'`,
      [ns.schema],
    );
    return Object.fromEntries(rows.map((row) => [row.index, Number(row.scans)]));
  }

  async function addChildren(from: number, count: number): Promise<void> {
    for (let i = from; i < from + count; i += 1)
      await client.query(`insert into ${s}.children (org_id, parent_id) values ('org_a', $1)`, [`p${i}`]);
  }

  it('re-plans a foreign-key check made on a nearly empty table once the table is analyzed', async () => {
    // A connection plans its first five checks one by one, then keeps one generic plan: made here while
    // `parents` holds a few rows and has no statistics, it stays when the table grows.
    await client.query(
      `insert into ${s}.parents (org_id, id) select 'org_a', 'p' || i from generate_series(0, 9) i`,
    );
    await addChildren(0, 10);
    await client.query(
      `insert into ${s}.parents (org_id, id) select 'org_a', 'p' || i from generate_series(10, 3000) i`,
    );
    const before = await parentIndexScans();
    await addChildren(10, 50);
    const stale = await parentIndexScans();
    expect(stale['parents_by_time'] - before['parents_by_time']).toBe(50);

    await maintenance.maintain();
    const [analyzed] = await dataSource.query<Array<{ at: Date | null }>>(
      `select coalesce(last_analyze, last_autoanalyze) as at from pg_stat_user_tables
        where schemaname = $1 and relname = 'parents'`,
      [ns.schema],
    );
    expect(analyzed.at).not.toBeNull();

    await addChildren(60, 50);
    const after = await parentIndexScans();
    expect(after['parents_by_time'] - stale['parents_by_time']).toBe(0);
    expect(after['parents_pkey'] - stale['parents_pkey']).toBe(50);
  });

  it('vacuums a table whose rows are inserted and deleted, and leaves a quiet one alone', async () => {
    await dataSource.query(`create table ${s}.queue (seq bigserial primary key, body text)`);
    await dataSource.query(`create table ${s}.quiet (id int primary key)`);
    await dataSource.query(`insert into ${s}.quiet values (1)`);
    await dataSource.query(`insert into ${s}.queue (body) select 'x' from generate_series(1, 500)`);
    await dataSource.query(`delete from ${s}.queue`);
    // Counts reach the statistics views once the writing backend flushes them (at most a second later).
    await waitForStats(
      `select n_dead_tup from pg_stat_user_tables where schemaname = $1 and relname = 'queue'`,
    );

    await maintenance.maintain();
    const rows = await dataSource.query<Array<{ table: string; vacuumed: boolean }>>(
      `select relname as table, last_vacuum is not null as vacuumed from pg_stat_user_tables
        where schemaname = $1 and relname in ('queue', 'quiet') order by relname`,
      [ns.schema],
    );
    expect(rows).toEqual([
      { table: 'queue', vacuumed: true },
      { table: 'quiet', vacuumed: false },
    ]);
  });

  async function waitForStats(sql: string): Promise<void> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const [row] = await dataSource.query<Array<{ n_dead_tup: string }>>(sql, [ns.schema]);
      if (Number(row?.n_dead_tup ?? 0) >= 500) return;
      if (Date.now() > deadline) throw new Error('the deleted rows never reached pg_stat_user_tables');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
});
