import { type AxiosInstance } from 'axios';
import { Client } from 'pg';
import { type EntityChangedMessage } from '@flowline/contracts';
import {
  createTestNamespace,
  type ReceivedMessage,
  type RunningTestApp,
  TestKafka,
  type TestNamespace,
  waitFor,
} from '@flowline/testing';
import {
  changesOf,
  clientFor,
  collectEntityChanges,
  migrateCatalog,
  startCatalog,
} from '../__tests__/catalog-harness';
import { TimerSweeper } from './timer-sweeper';

const envBlueprint = {
  identifier: 'env',
  title: 'Environment',
  schema: {
    properties: { ttl: { type: 'string', format: 'timer' }, owner: { type: 'string' } },
    required: [],
  },
};

const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();
const expiries = (seen: ReceivedMessage[], entity?: string): EntityChangedMessage[] =>
  changesOf(seen, entity).filter((event) => event.action === 'TIMER_EXPIRED');

async function query<T>(ns: TestNamespace, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: ns.databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql.replaceAll('$schema', `"${ns.schema}"`))).rows as T[];
  } finally {
    await client.end();
  }
}

describe('timer properties across two replicas', () => {
  let ns: TestNamespace;
  let replicas: RunningTestApp[];
  let sweepers: TimerSweeper[];
  let kafka: TestKafka;
  let seen: ReceivedMessage[];
  let api: AxiosInstance;

  /** Lets both sweepers run `n` more sweeps each, some on their own schedule, some at once on demand. */
  const moreSweeps = async (n: number) => {
    const start = sweepers.map((s) => s.sweeps);
    await Promise.all([sweepers[0].sweepOnce(), sweepers[1].sweepOnce()]);
    await waitFor(() => sweepers.every((s, i) => s.sweeps >= start[i] + n), {
      description: `${n} more sweeps each`,
    });
    // Everything fired is published once the outbox is empty.
    await waitFor(async () => (await query(ns, 'select seq from $schema.outbox')).length === 0, {
      description: 'an empty outbox',
    });
  };

  beforeAll(async () => {
    ns = await createTestNamespace('catalog-timers');
    await migrateCatalog(ns);
    const env = { TIMER_SWEEP_INTERVAL_MS: '100' };
    replicas = [await startCatalog(ns, env), await startCatalog(ns, env)];
    sweepers = replicas.map((running) => running.app.get(TimerSweeper));
    kafka = new TestKafka(ns.kafkaBrokers);
    seen = await collectEntityChanges(kafka, ns);
    api = clientFor(replicas[0], 'org_a');
    expect((await api.post('/v1/blueprints', envBlueprint)).status).toBe(201);
  });

  afterAll(async () => {
    for (const running of replicas ?? []) await running.close();
    await kafka?.close();
    await ns?.dispose();
  });

  it('fires each expiry exactly once while two sweepers compete for it', async () => {
    const due = inMs(1500);
    const names = Array.from({ length: 20 }, (_, i) => `preview-${i}`);
    for (const [i, identifier] of names.entries()) {
      const writer = clientFor(replicas[i % 2], 'org_a', { actorId: 'alice' });
      expect(
        (await writer.post('/v1/blueprints/env/entities', { identifier, properties: { ttl: due } })).status,
      ).toBe(201);
    }
    // Besides their own schedules, both sweepers are made to sweep at the same moment again and again
    // while the timers fall due, so they really do race for the same rows.
    await waitFor(
      async () => {
        await Promise.all(sweepers.map((sweeper) => sweeper.sweepOnce()));
        return names.every((name) => expiries(seen, name).length > 0);
      },
      { timeoutMs: 20_000, intervalMs: 10, description: 'an expiry for every entity' },
    );
    await moreSweeps(5);
    for (const name of names) expect(expiries(seen, name)).toHaveLength(1);

    const [event] = expiries(seen, 'preview-0');
    expect(event).toMatchObject({
      type: 'ENTITY_CHANGED',
      orgId: 'org_a',
      action: 'TIMER_EXPIRED',
      resourceType: 'entity',
      trigger: { by: { orgId: 'org_a', actorKind: 'system' }, origin: 'TIMER' },
      context: { blueprintIdentifier: 'env', entityIdentifier: 'preview-0', propertyIdentifier: 'ttl' },
      diff: { before: null, after: { identifier: 'preview-0', blueprint: 'env', properties: { ttl: due } } },
    });
    expect(Date.parse(event.trigger.at)).toBeGreaterThanOrEqual(Date.parse(due));
  });

  it('re-arms when the timer property changes, and not when a write leaves it as it was', async () => {
    await api.post('/v1/blueprints/env/entities', { identifier: 'staging', properties: { ttl: inMs(300) } });
    await waitFor(() => expiries(seen, 'staging').length === 1, { description: 'the first expiry' });
    // Rewriting other fields keeps the expired timer expired.
    await api.patch('/v1/blueprints/env/entities/staging', { properties: { owner: 'bob' } });
    await moreSweeps(3);
    expect(expiries(seen, 'staging')).toHaveLength(1);
    // A new due time arms it again.
    await api.patch('/v1/blueprints/env/entities/staging', { properties: { ttl: inMs(300) } });
    await waitFor(() => expiries(seen, 'staging').length === 2, { description: 'the re-armed expiry' });
    await moreSweeps(3);
    expect(expiries(seen, 'staging')).toHaveLength(2);
    expect(expiries(seen, 'staging')[1].diff.after?.properties?.owner).toBe('bob');
  });

  it('disarms a timer whose property is cleared, and removes the timers of a deleted entity', async () => {
    const due = inMs(800);
    await api.post('/v1/blueprints/env/entities', { identifier: 'cleared', properties: { ttl: due } });
    await api.post('/v1/blueprints/env/entities', { identifier: 'deleted', properties: { ttl: due } });
    expect(
      await query(
        ns,
        `select entity from $schema.entity_timers where entity in ('cleared', 'deleted') order by entity`,
      ),
    ).toEqual([{ entity: 'cleared' }, { entity: 'deleted' }]);
    await api.patch('/v1/blueprints/env/entities/cleared', { properties: { ttl: null } });
    await api.delete('/v1/blueprints/env/entities/deleted');
    expect(
      await query(ns, `select entity from $schema.entity_timers where entity in ('cleared', 'deleted')`),
    ).toEqual([]);
    await waitFor(() => Date.now() > Date.parse(due), { description: 'the old due time to pass' });
    await moreSweeps(3);
    expect(expiries(seen, 'cleared')).toEqual([]);
    expect(expiries(seen, 'deleted')).toEqual([]);
  });

  it('disarms pending timers of a property the blueprint no longer declares a timer', async () => {
    const lease = {
      identifier: 'lease',
      title: 'Lease',
      schema: { properties: { until: { type: 'string', format: 'timer' } } },
    };
    expect((await api.post('/v1/blueprints', lease)).status).toBe(201);
    const due = inMs(800);
    await api.post('/v1/blueprints/lease/entities', { identifier: 'lease-1', properties: { until: due } });
    expect(
      await query(ns, `select entity from $schema.entity_timers where blueprint = 'lease'`),
    ).toHaveLength(1);
    const patched = await api.patch('/v1/blueprints/lease', {
      schema: { properties: { until: { type: 'string', format: 'date-time' } } },
    });
    expect(patched.status).toBe(200);
    expect(await query(ns, `select entity from $schema.entity_timers where blueprint = 'lease'`)).toEqual([]);
    await waitFor(() => Date.now() > Date.parse(due), { description: 'the old due time to pass' });
    await moreSweeps(3);
    expect(expiries(seen, 'lease-1')).toEqual([]);
  });
});

describe('timer properties across a restart', () => {
  let ns: TestNamespace;
  let kafka: TestKafka;
  let seen: ReceivedMessage[];
  let first: RunningTestApp | undefined;
  let running: RunningTestApp | undefined;

  beforeAll(async () => {
    ns = await createTestNamespace('catalog-timer-restart');
    await migrateCatalog(ns);
    kafka = new TestKafka(ns.kafkaBrokers);
  });

  afterAll(async () => {
    await first?.close();
    await running?.close();
    await kafka?.close();
    await ns?.dispose();
  });

  it('fires a timer that fell due while no replica ran when one starts', async () => {
    // A replica whose sweeper runs only once, at boot, before the timer exists.
    first = await startCatalog(ns, { TIMER_SWEEP_INTERVAL_MS: '3600000' });
    const api = clientFor(first, 'org_a');
    await api.post('/v1/blueprints', envBlueprint);
    const due = inMs(1000);
    expect(
      (await api.post('/v1/blueprints/env/entities', { identifier: 'nightly', properties: { ttl: due } }))
        .status,
    ).toBe(201);
    await first.close();
    first = undefined;
    // Nothing is left behind in the outbox once the replica has shut down.
    expect(await query(ns, 'select seq from $schema.outbox')).toEqual([]);

    await waitFor(() => Date.now() > Date.parse(due), {
      description: 'the timer to fall due with no replica running',
    });
    seen = await collectEntityChanges(kafka, ns);
    await waitFor(() => changesOf(seen, 'nightly').length === 1, { description: 'the CREATE event' });
    expect(expiries(seen, 'nightly')).toEqual([]);
    expect(await query(ns, `select fired_at from $schema.entity_timers where entity = 'nightly'`)).toEqual([
      { fired_at: null },
    ]);

    running = await startCatalog(ns, { TIMER_SWEEP_INTERVAL_MS: '100' });
    const [expired] = await waitFor(() => expiries(seen, 'nightly').length > 0 && expiries(seen, 'nightly'), {
      description: 'the expiry after the restart',
    });
    expect(expired.context).toEqual({
      blueprintIdentifier: 'env',
      entityIdentifier: 'nightly',
      propertyIdentifier: 'ttl',
    });
    const sweeper = running.app.get(TimerSweeper);
    const after = sweeper.sweeps;
    await waitFor(() => sweeper.sweeps >= after + 3, { description: 'three more sweeps' });
    expect(expiries(seen, 'nightly')).toHaveLength(1);
  });
});
