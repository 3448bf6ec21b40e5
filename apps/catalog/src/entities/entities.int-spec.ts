import { type AxiosInstance } from 'axios';
import {
  type EntityChangedMessage,
  validateMessage,
  EntityChangedMessage as EntityChangedClass,
} from '@flowline/contracts';
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
  serviceBlueprint,
  startCatalog,
  teamBlueprint,
} from '../__tests__/catalog-harness';

describe('entities API and their change events', () => {
  let ns: TestNamespace;
  let running: RunningTestApp;
  let kafka: TestKafka;
  let seen: ReceivedMessage[];
  let api: AxiosInstance;

  const eventsFor = async (entity: string, count: number): Promise<EntityChangedMessage[]> =>
    waitFor(() => changesOf(seen, entity).length >= count && changesOf(seen, entity), {
      description: `${count} event(s) for ${entity}`,
    });

  beforeAll(async () => {
    ns = await createTestNamespace('catalog-entities');
    await migrateCatalog(ns);
    running = await startCatalog(ns);
    kafka = new TestKafka(ns.kafkaBrokers);
    seen = await collectEntityChanges(kafka, ns);
    api = clientFor(running, 'org_a', { actorId: 'alice', kind: 'user' });
    expect((await api.post('/v1/blueprints', teamBlueprint)).status).toBe(201);
    expect((await api.post('/v1/blueprints', serviceBlueprint)).status).toBe(201);
    expect(
      (await api.post('/v1/blueprints/team/entities', { identifier: 'platform', title: 'Platform' })).status,
    ).toBe(201);
  });

  afterAll(async () => {
    await running?.close();
    await kafka?.close();
    await ns?.dispose();
  });

  it('creates an entity and publishes a CREATE event with a null before', async () => {
    const created = await api.post('/v1/blueprints/service/entities', {
      identifier: 'checkout',
      title: 'Checkout',
      team: 'payments',
      properties: { language: 'go', replicas: 2 },
      relations: { team: 'platform' },
    });
    expect(created.status).toBe(201);
    expect(created.data).toEqual({
      ok: true,
      entity: {
        identifier: 'checkout',
        title: 'Checkout',
        icon: null,
        blueprint: 'service',
        team: ['payments'],
        properties: { language: 'go', replicas: 2 },
        relations: { team: 'platform' },
        createdAt: expect.any(String),
        createdBy: 'alice',
        updatedAt: expect.any(String),
        updatedBy: 'alice',
      },
    });
    const [event] = await eventsFor('checkout', 1);
    expect(event).toMatchObject({
      type: 'ENTITY_CHANGED',
      orgId: 'org_a',
      action: 'CREATE',
      resourceType: 'entity',
      trigger: { by: { orgId: 'org_a', userId: 'alice', actorKind: 'user' }, origin: 'API' },
      context: { blueprintIdentifier: 'service', entityIdentifier: 'checkout' },
      diff: { before: null, after: created.data.entity },
      chainDepth: 0,
    });
    expect(event.id).toMatch(/^msg_/);
    expect(validateMessage(EntityChangedClass, event).ok).toBe(true);
    expect(seen.find((m) => (m.json as EntityChangedMessage).id === event.id)?.key).toBe(
      'org_a/service/checkout',
    );
  });

  it('upserts by merging: only supplied fields change, properties and relations key by key', async () => {
    await api.post('/v1/blueprints/service/entities', {
      identifier: 'cart',
      title: 'Cart',
      properties: { language: 'ts', replicas: 1, tags: ['web'] },
      relations: { team: 'platform' },
    });
    const upserted = await api.post('/v1/blueprints/service/entities?upsert=true', {
      identifier: 'cart',
      properties: { replicas: 3, public: true },
      relations: { dependsOn: ['checkout'] },
    });
    expect(upserted.status).toBe(201);
    expect(upserted.data.entity).toMatchObject({
      title: 'Cart',
      properties: { language: 'ts', replicas: 3, tags: ['web'], public: true },
      relations: { team: 'platform', dependsOn: ['checkout'] },
    });
    const [created, updated] = await eventsFor('cart', 2);
    expect(updated.action).toBe('UPDATE');
    expect(updated.diff.before).toEqual(created.diff.after);
    expect(updated.diff.after).toEqual(upserted.data.entity);
    expect(updated.diff.before?.properties).toEqual({ language: 'ts', replicas: 1, tags: ['web'] });
  });

  it('creates through upsert when the entity is missing, and generates an identifier when none is sent', async () => {
    const upserted = await api.post('/v1/blueprints/service/entities?upsert=true', {
      identifier: 'search',
      properties: { language: 'python' },
    });
    expect(upserted.status).toBe(201);
    expect((await eventsFor('search', 1))[0].action).toBe('CREATE');
    const generated = await api.post('/v1/blueprints/service/entities', { properties: { language: 'go' } });
    expect(generated.status).toBe(201);
    expect(generated.data.entity.identifier).toMatch(/^e_[0-9a-f]{16}$/);
  });

  it('replaces the entity with upsert=true&merge=false', async () => {
    await api.post('/v1/blueprints/service/entities', {
      identifier: 'ledger',
      title: 'Ledger',
      properties: { language: 'go', replicas: 4 },
    });
    const replaced = await api.post('/v1/blueprints/service/entities?upsert=true&merge=false', {
      identifier: 'ledger',
      properties: { language: 'ts' },
    });
    expect(replaced.data.entity).toMatchObject({ title: null, properties: { language: 'ts' } });
    const [, updated] = await eventsFor('ledger', 2);
    expect(updated.diff.before?.properties).toEqual({ language: 'go', replicas: 4 });
    expect(updated.diff.after?.properties).toEqual({ language: 'ts' });
  });

  it('patches an existing entity, clears a property sent as null, and 404s a missing one', async () => {
    await api.post('/v1/blueprints/service/entities', {
      identifier: 'billing',
      properties: { language: 'go', replicas: 1 },
    });
    const patched = await api.patch('/v1/blueprints/service/entities/billing', {
      title: 'Billing',
      properties: { replicas: null },
    });
    expect(patched.status).toBe(200);
    expect(patched.data.entity).toMatchObject({ title: 'Billing', properties: { language: 'go' } });
    const missing = await api.patch('/v1/blueprints/service/entities/nope', { title: 'x' });
    expect(missing.status).toBe(404);
    expect(missing.data).toMatchObject({ ok: false, error: 'not_found' });
  });

  it('announces nothing for an upsert that changes nothing', async () => {
    await api.post('/v1/blueprints/service/entities', {
      identifier: 'quiet',
      properties: { language: 'go' },
    });
    const same = await api.post('/v1/blueprints/service/entities?upsert=true', {
      identifier: 'quiet',
      properties: { language: 'go' },
    });
    expect(same.status).toBe(201);
    await api.post('/v1/blueprints/service/entities?upsert=true', { identifier: 'quiet', title: 'Quiet' });
    const events = await eventsFor('quiet', 2);
    expect(events.map((e) => e.action)).toEqual(['CREATE', 'UPDATE']);
    expect(events[1].diff.before?.title).toBeNull();
    expect(events[1].diff.after?.title).toBe('Quiet');
  });

  it('deletes an entity and publishes a DELETE event with a null after', async () => {
    await api.post('/v1/blueprints/service/entities', {
      identifier: 'legacy',
      properties: { language: 'go' },
    });
    const deleted = await api.delete('/v1/blueprints/service/entities/legacy');
    expect(deleted.status).toBe(200);
    expect(deleted.data).toEqual({ ok: true });
    expect((await api.get('/v1/blueprints/service/entities/legacy')).status).toBe(404);
    expect((await api.delete('/v1/blueprints/service/entities/legacy')).status).toBe(404);
    const [created, removed] = await eventsFor('legacy', 2);
    expect(removed).toMatchObject({ action: 'DELETE', diff: { before: created.diff.after, after: null } });
    expect(validateMessage(EntityChangedClass, removed).ok).toBe(true);
  });

  it('puts the ?run_id= of a POST, PATCH and DELETE on its event, and refuses a malformed one', async () => {
    const runId = 'r_0123456789abcdef';
    const url = '/v1/blueprints/service/entities';
    expect(
      (await api.post(`${url}?run_id=${runId}`, { identifier: 'for-run', properties: { language: 'go' } }))
        .status,
    ).toBe(201);
    expect((await api.patch(`${url}/for-run?run_id=${runId}`, { title: 'For run' })).status).toBe(200);
    expect((await api.patch(`${url}/for-run?run_id=wfr_x`, { title: 'x' })).status).toBe(422);
    expect((await api.delete(`${url}/for-run?run_id=wfr_x`)).status).toBe(422);
    expect((await api.delete(`${url}/for-run?run_id=${runId}`)).status).toBe(200);
    const events = await eventsFor('for-run', 3);
    expect(events.map((event) => [event.action, event.runId])).toEqual([
      ['CREATE', runId],
      ['UPDATE', runId],
      ['DELETE', runId],
    ]);
  });

  it('copies X-Flowline-Chain-Depth onto the event and refuses a malformed one', async () => {
    const written = await api.post(
      '/v1/blueprints/service/entities',
      { identifier: 'chained', properties: { language: 'go' } },
      { headers: { 'X-Flowline-Chain-Depth': '3' } },
    );
    expect(written.status).toBe(201);
    expect((await eventsFor('chained', 1))[0].chainDepth).toBe(3);
    const bad = await api.post(
      '/v1/blueprints/service/entities',
      { identifier: 'chained-bad', properties: { language: 'go' } },
      { headers: { 'X-Flowline-Chain-Depth': '-1' } },
    );
    expect(bad.status).toBe(422);
    expect(bad.data.details).toEqual([
      { path: 'headers.x-flowline-chain-depth', message: expect.any(String) },
    ]);
  });

  it('gets and lists entities', async () => {
    const one = await api.get('/v1/blueprints/service/entities/checkout');
    expect(one.status).toBe(200);
    expect(one.data.entity).toMatchObject({ identifier: 'checkout', blueprint: 'service' });
    const all = await api.get('/v1/blueprints/service/entities');
    expect(all.status).toBe(200);
    const identifiers = all.data.entities.map((e: { identifier: string }) => e.identifier);
    expect(identifiers).toEqual(expect.arrayContaining(['checkout', 'cart', 'search', 'ledger', 'billing']));
    expect(identifiers).toEqual([...identifiers].sort());
    expect((await api.get('/v1/blueprints/nothing/entities')).status).toBe(404);
    expect((await api.get('/v1/blueprints/nothing/entities/checkout')).status).toBe(404);
  });

  it('turns concurrent upserts of one new entity into one CREATE and updates, never a 409 or a 500', async () => {
    const writes = await Promise.all(
      [1, 2, 3, 4, 5].map((replicas) =>
        api.post('/v1/blueprints/service/entities?upsert=true', {
          identifier: 'raced',
          properties: { language: 'go', replicas },
        }),
      ),
    );
    expect(writes.map((w) => w.status)).toEqual([201, 201, 201, 201, 201]);
    const events = await eventsFor('raced', 5);
    expect(events.filter((e) => e.action === 'CREATE')).toHaveLength(1);
    expect(events[0].action).toBe('CREATE');
    expect(events.slice(1).every((e) => e.action === 'UPDATE')).toBe(true);
  });
});
