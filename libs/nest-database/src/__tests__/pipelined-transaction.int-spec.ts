import pg from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { createTestNamespace, type TestNamespace } from '@flowline/testing-infra';
import { dataSourceOptions } from '../data-source-options';
import { EntitySql } from '../entity-sql';
import { addRider, deferWrite, pipelinedTransaction } from '../pipelined-transaction';
import { Greeting } from './greeting.fixture';

describe('pipelined transactions against the real PostgreSQL', () => {
  let ns: TestNamespace;
  let dataSource: DataSource;
  let table: string;
  /** Statements that reached PostgreSQL, each round trip as one entry. */
  const roundTrips: string[] = [];
  let restore = () => undefined as unknown;

  beforeAll(async () => {
    ns = await createTestNamespace('pipelined');
    dataSource = await new DataSource(
      dataSourceOptions({ url: ns.databaseUrl, schema: ns.schema, entities: [Greeting], migrations: [] }),
    ).initialize();
    table = `"${ns.schema}"."greetings"`;
    await dataSource.query(
      `create table ${table} (id uuid primary key default gen_random_uuid(), org_id text not null,
         text text not null, seq bigserial, tags jsonb, at timestamptz, unique (org_id, text))`,
    );
    // Every query a pg client sends is one round trip.
    const send = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      if (typeof args[0] === 'string') roundTrips.push(args[0]);
      return (send as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof send;
    restore = () => (pg.Client.prototype.query = send);
  });

  afterAll(async () => {
    restore();
    await dataSource?.destroy();
    await ns?.dispose();
  });

  beforeEach(async () => {
    await dataSource.query(`truncate ${table}`);
    roundTrips.length = 0;
  });

  const texts = async (orgId: string) =>
    (
      (await dataSource.query(`select text from ${table} where org_id = $1 order by seq`, [orgId])) as Array<{
        text: string;
      }>
    ).map((row) => row.text);

  const insert = (manager: EntityManager, orgId: string, text: string) =>
    deferWrite(manager, `insert into ${table} (org_id, text) values ($1, $2)`, [orgId, text]);

  it('sends begin, the deferred writes and the commit in one round trip, in order', async () => {
    await pipelinedTransaction(dataSource, async (manager) => {
      await insert(manager, 'org_a', 'one');
      await insert(manager, 'org_a', "it's two");
      await insert(manager, 'org_a', 'back\\slash');
    });
    expect(roundTrips).toHaveLength(1);
    expect(roundTrips[0]).toMatch(/^START TRANSACTION;[\s\S]*COMMIT$/);
    expect(await texts('org_a')).toEqual(['one', "it's two", 'back\\slash']);
  });

  it('gives a deferred insert its returned rows before the commit returns', async () => {
    const seqs: unknown[] = [];
    const sql = EntitySql.of(dataSource.manager, Greeting);
    await pipelinedTransaction(dataSource, async (manager) => {
      await insert(manager, 'org_r', 'first');
      await sql.insertDeferred(
        manager,
        [
          { orgId: 'org_r', text: 'a' },
          { orgId: 'org_r', text: 'b' },
        ],
        { returning: ['id'] },
        (rows) => seqs.push(...rows.map((row) => row['id'])),
      );
      expect(seqs).toEqual([]);
    });
    expect(seqs).toHaveLength(2);
    expect(seqs.every((id) => typeof id === 'string')).toBe(true);
  });

  it('lets a read see the writes deferred before it, in the same round trip', async () => {
    const seen = await pipelinedTransaction(dataSource, async (manager) => {
      await insert(manager, 'org_b', 'x');
      const rows = (await manager.query(`select count(*)::int as n from ${table} where org_id = $1`, [
        'org_b',
      ])) as Array<{ n: number }>;
      const updated = (await manager.query(`update ${table} set text = $2 where org_id = $1`, [
        'org_b',
        'y',
      ])) as [unknown[], number];
      return { count: rows[0].n, affected: updated[1] };
    });
    expect(seen).toEqual({ count: 1, affected: 1 });
    // begin + insert + select, then the update alone (nothing was pending), then the commit alone.
    expect(roundTrips).toHaveLength(3);
    expect(await texts('org_b')).toEqual(['y']);
  });

  it('keeps values intact as literals: JSON, dates, arrays, null', async () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    const tags = { quote: "o'clock", backslash: 'a\\b', dollar: '$1 $2', unicode: 'é✓' };
    await pipelinedTransaction(dataSource, async (manager) => {
      await insert(manager, 'org_v', 'pending');
      await deferWrite(
        manager,
        `update ${table} set tags = $2, at = $3 where org_id = $1 and text = any($4::text[])`,
        ['org_v', JSON.stringify(tags), at, ['pending', "o'ther"]],
      );
      await deferWrite(manager, `insert into ${table} (org_id, text, tags) values ($1, $2, $3)`, [
        'org_v',
        'n',
        null,
      ]);
    });
    const rows = (await dataSource.query(
      `select text, tags, at from ${table} where org_id = 'org_v' order by seq`,
    )) as Array<{
      text: string;
      tags: unknown;
      at: Date | null;
    }>;
    expect(rows).toEqual([
      { text: 'pending', tags, at },
      { text: 'n', tags: null, at: null },
    ]);
  });

  it('writes nothing when a deferred write fails, and reports the error', async () => {
    await expect(
      pipelinedTransaction(dataSource, async (manager) => {
        await insert(manager, 'org_e', 'kept?');
        await insert(manager, 'org_e', 'dup');
        await insert(manager, 'org_e', 'dup');
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await texts('org_e')).toEqual([]);
  });

  it('rolls back what was sent when the work throws, and sends nothing for an empty transaction', async () => {
    await expect(
      pipelinedTransaction(dataSource, async (manager) => {
        await insert(manager, 'org_t', 'a');
        await manager.query('select 1');
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await texts('org_t')).toEqual([]);
    roundTrips.length = 0;
    await pipelinedTransaction(dataSource, async () => undefined);
    expect(roundTrips).toEqual([]);
  });

  it("carries a rider's write with the next transaction, and hands it back when that one rolls back", async () => {
    await insert(dataSource.manager, 'org_ride', 'old');
    const waiting = [{ sql: `delete from ${table} where org_id = $1`, parameters: ['org_ride'] }];
    const handedBack: unknown[] = [];
    const remove = addRider(dataSource, {
      take: () => waiting.shift(),
      rolledBack: (statement) => handedBack.push(statement),
    });
    try {
      await expect(
        pipelinedTransaction(dataSource, async (manager) => {
          await insert(manager, 'org_ride', 'new');
          await manager.query('select 1');
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(handedBack).toHaveLength(1);
      expect(await texts('org_ride')).toEqual(['old']);

      waiting.push(handedBack.pop() as (typeof waiting)[number]);
      roundTrips.length = 0;
      await pipelinedTransaction(dataSource, (manager) => insert(manager, 'org_ride', 'new'));
      expect(roundTrips).toHaveLength(1);
      expect(await texts('org_ride')).toEqual(['new']);
    } finally {
      remove();
    }
  });

  it('runs a deferred write at once outside a pipelined transaction', async () => {
    await insert(dataSource.manager, 'org_now', 'now');
    expect(await texts('org_now')).toEqual(['now']);
  });
});
