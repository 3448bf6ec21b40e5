import axios, { type AxiosInstance } from 'axios';
import { createTestNamespace, type RunningTestApp, type TestNamespace } from '@flowline/testing';
import {
  clientFor,
  migrateCatalog,
  serviceBlueprint,
  startCatalog,
  teamBlueprint,
} from '../__tests__/catalog-harness';

describe('blueprints API', () => {
  let ns: TestNamespace;
  let running: RunningTestApp;
  let admin: AxiosInstance;

  beforeAll(async () => {
    ns = await createTestNamespace('catalog-blueprints');
    await migrateCatalog(ns);
    running = await startCatalog(ns);
    admin = clientFor(running, 'org_a', { actorId: 'alice', roles: ['admin'] });
  });

  afterAll(async () => {
    await running?.close();
    await ns?.dispose();
  });

  it('is live and ready without a token, and serves OpenAPI at /docs', async () => {
    expect((await axios.get(`${running.baseUrl}/health/live`)).data).toEqual({ ok: true, status: 'live' });
    expect((await axios.get(`${running.baseUrl}/health/ready`)).data).toMatchObject({
      ok: true,
      checks: { postgres: 'up', kafka: 'up' },
    });
    const docs = (await axios.get(`${running.baseUrl}/docs-json`)).data;
    expect(Object.keys(docs.paths)).toEqual(
      expect.arrayContaining([
        '/v1/blueprints',
        '/v1/blueprints/{blueprint}',
        '/v1/blueprints/{blueprint}/entities',
        '/v1/blueprints/{blueprint}/entities/search',
        '/v1/blueprints/{blueprint}/entities/{entity}',
      ]),
    );
  });

  it('creates a blueprint (201) and refuses a second one with the identifier (409)', async () => {
    expect((await admin.post('/v1/blueprints', teamBlueprint)).status).toBe(201);
    const created = await admin.post('/v1/blueprints', serviceBlueprint);
    expect(created.status).toBe(201);
    expect(created.data).toEqual({
      ok: true,
      blueprint: {
        identifier: 'service',
        title: 'Service',
        icon: null,
        description: null,
        schema: serviceBlueprint.schema,
        relations: serviceBlueprint.relations,
        mirrorProperties: {},
        calculationProperties: {},
        aggregationProperties: {},
        createdAt: expect.any(String),
        createdBy: 'alice',
        updatedAt: expect.any(String),
        updatedBy: 'alice',
      },
    });
    const again = await admin.post('/v1/blueprints', serviceBlueprint);
    expect(again.status).toBe(409);
    expect(again.data).toMatchObject({ ok: false, error: 'conflict' });
  });

  it('gets and lists blueprints; an unknown one is a 404', async () => {
    const one = await admin.get('/v1/blueprints/service');
    expect(one.status).toBe(200);
    expect(one.data.blueprint.identifier).toBe('service');
    const all = await admin.get('/v1/blueprints');
    expect(all.data.blueprints.map((b: { identifier: string }) => b.identifier)).toEqual(['service', 'team']);
    const missing = await admin.get('/v1/blueprints/nope');
    expect(missing.status).toBe(404);
    expect(missing.data).toEqual({
      ok: false,
      error: 'not_found',
      message: 'blueprint "nope" was not found',
    });
  });

  it('reports every bad field of a blueprint with its path (422)', async () => {
    const shape = await admin.post('/v1/blueprints', { identifier: 'bad id', schema: 'x', colour: 1 });
    expect(shape.status).toBe(422);
    expect([...new Set(shape.data.details.map((d: { path: string }) => d.path))].sort()).toEqual(
      ['colour', 'identifier', 'schema', 'title'].sort(),
    );
    const members = await admin.post('/v1/blueprints', {
      identifier: 'bad',
      title: 'Bad',
      schema: { properties: { a: { type: 'text' }, b: { type: 'string', format: 'ipv4' } }, required: ['c'] },
      relations: { owner: { target: 'ghost' }, deps: { target: 'bad', many: 'yes' } },
      mirrorProperties: { x: {} },
    });
    expect(members.status).toBe(422);
    expect(members.data.details.map((d: { path: string }) => d.path)).toEqual(['mirrorProperties']);
    const definitions = await admin.post('/v1/blueprints', {
      identifier: 'bad',
      title: 'Bad',
      schema: { properties: { a: { type: 'text' }, b: { type: 'string', format: 'ipv4' } }, required: ['c'] },
      relations: { deps: { target: 'bad', many: 'yes' } },
      mirrorProperties: {},
    });
    expect(definitions.status).toBe(422);
    expect(definitions.data.details.map((d: { path: string }) => d.path)).toEqual([
      'schema.properties.a.type',
      'schema.properties.b.format',
      'schema.required[0]',
      'relations.deps.many',
    ]);
    const target = await admin.post('/v1/blueprints', {
      identifier: 'bad',
      title: 'Bad',
      schema: { properties: {} },
      relations: { owner: { target: 'ghost' }, self: { target: 'bad' } },
    });
    expect(target.status).toBe(422);
    expect(target.data.details).toEqual([
      { path: 'relations.owner.target', message: 'no blueprint "ghost"' },
    ]);
    expect((await admin.get('/v1/blueprints/bad')).status).toBe(404);
  });

  it('replaces a blueprint with PUT and refuses a rename', async () => {
    const replaced = await admin.put('/v1/blueprints/team', {
      title: 'Teams',
      schema: { properties: { slack: { type: 'string' }, size: { type: 'number' } }, required: ['slack'] },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.data.blueprint).toMatchObject({
      identifier: 'team',
      title: 'Teams',
      schema: { required: ['slack'] },
      relations: {},
    });
    const rename = await admin.put('/v1/blueprints/team', {
      identifier: 'squad',
      title: 'x',
      schema: { properties: {} },
    });
    expect(rename.status).toBe(422);
    expect(rename.data.details).toEqual([
      { path: 'identifier', message: 'must be "team", the blueprint in the path' },
    ]);
    expect((await admin.put('/v1/blueprints/nope', { title: 'x', schema: { properties: {} } })).status).toBe(
      404,
    );
  });

  it('patches a blueprint, merging properties and relations key by key', async () => {
    const patched = await admin.patch('/v1/blueprints/service', {
      title: 'Services',
      schema: { properties: { tier: { type: 'string' }, config: null } },
    });
    expect(patched.status).toBe(200);
    const properties = Object.keys(patched.data.blueprint.schema.properties);
    expect(properties).toContain('tier');
    expect(properties).toContain('language');
    expect(properties).not.toContain('config');
    expect(patched.data.blueprint.relations).toEqual(serviceBlueprint.relations);
    expect(
      (await admin.patch('/v1/blueprints/service', { schema: { properties: { x: { type: 'nope' } } } }))
        .status,
    ).toBe(422);
  });

  it('lets only admins change blueprints; members may read them', async () => {
    const member = clientFor(running, 'org_a', { roles: ['member'] });
    expect((await member.get('/v1/blueprints/service')).status).toBe(200);
    expect((await member.post('/v1/blueprints', { ...teamBlueprint, identifier: 'x' })).status).toBe(403);
    expect((await member.patch('/v1/blueprints/service', { title: 'x' })).status).toBe(403);
    expect((await member.delete('/v1/blueprints/service')).status).toBe(403);
  });

  it('refuses to delete a blueprint with entities or one another blueprint relates to (409), then deletes', async () => {
    expect(
      (
        await admin.post('/v1/blueprints/team/entities', {
          identifier: 'platform',
          properties: { slack: '#p' },
        })
      ).status,
    ).toBe(201);
    const withEntities = await admin.delete('/v1/blueprints/team');
    expect(withEntities.status).toBe(409);
    expect(withEntities.data.message).toMatch(/still has entities/);
    expect((await admin.delete('/v1/blueprints/team/entities/platform')).status).toBe(200);
    const related = await admin.delete('/v1/blueprints/team');
    expect(related.status).toBe(409);
    expect(related.data.message).toBe('blueprints "service" relate to "team"');
    expect((await admin.delete('/v1/blueprints/service')).status).toBe(200);
    expect((await admin.delete('/v1/blueprints/team')).data).toEqual({ ok: true });
    expect((await admin.get('/v1/blueprints/team')).status).toBe(404);
    expect((await admin.delete('/v1/blueprints/team')).status).toBe(404);
  });
});
