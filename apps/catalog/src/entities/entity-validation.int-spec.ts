import { type AxiosInstance } from 'axios';
import { createTestNamespace, type RunningTestApp, type TestNamespace } from '@flowline/testing';
import {
  clientFor,
  migrateCatalog,
  serviceBlueprint,
  startCatalog,
  teamBlueprint,
} from '../__tests__/catalog-harness';

describe('entities checked against their blueprint', () => {
  let ns: TestNamespace;
  let running: RunningTestApp;
  let api: AxiosInstance;

  beforeAll(async () => {
    ns = await createTestNamespace('catalog-entity-checks');
    await migrateCatalog(ns);
    running = await startCatalog(ns);
    api = clientFor(running, 'org_a');
    expect((await api.post('/v1/blueprints', teamBlueprint)).status).toBe(201);
    expect((await api.post('/v1/blueprints', serviceBlueprint)).status).toBe(201);
    expect((await api.post('/v1/blueprints/team/entities', { identifier: 'platform' })).status).toBe(201);
    const checkout = { identifier: 'checkout', properties: { language: 'go' } };
    expect((await api.post('/v1/blueprints/service/entities', checkout)).status).toBe(201);
  });

  afterAll(async () => {
    await running?.close();
    await ns?.dispose();
  });

  it('answers 409 when creating an entity that exists', async () => {
    const again = await api.post('/v1/blueprints/service/entities', {
      identifier: 'checkout',
      properties: { language: 'go' },
    });
    expect(again.status).toBe(409);
    expect(again.data).toMatchObject({ ok: false, error: 'conflict' });
  });

  it('reports every field that does not fit the blueprint with its path (422)', async () => {
    const fields = await api.post('/v1/blueprints/service/entities', {
      identifier: 'broken',
      team: [1],
      properties: {
        replicas: 'two',
        public: 'yes',
        homepage: 'not a url',
        owner: 'nobody',
        tags: ['ok', 3],
        config: [],
        deployedAt: 'yesterday',
        expiresAt: 'soon',
        unknown: 1,
      },
      relations: { team: 'ghost-team', dependsOn: 'checkout', nope: 'x' },
    });
    expect(fields.status).toBe(422);
    expect(fields.data).toMatchObject({ ok: false, error: 'invalid_request' });
    expect(fields.data.details.map((d: { path: string }) => d.path).sort()).toEqual(
      [
        'team',
        'properties.replicas',
        'properties.public',
        'properties.homepage',
        'properties.owner',
        'properties.tags[1]',
        'properties.config',
        'properties.deployedAt',
        'properties.expiresAt',
        'properties.unknown',
        'properties.language',
        'relations.dependsOn',
        'relations.nope',
        'relations.team',
      ].sort(),
    );
    const relation = fields.data.details.find((d: { path: string }) => d.path === 'relations.team');
    expect(relation.message).toBe('no entity "ghost-team" in blueprint "team"');
    expect((await api.get('/v1/blueprints/service/entities/broken')).status).toBe(404);
  });

  it('checks enum, bounds, every element of a many relation, and the body shape', async () => {
    const bad = await api.post('/v1/blueprints/service/entities', {
      identifier: 'broken2',
      properties: { language: 'cobol', replicas: -1 },
      relations: { dependsOn: ['checkout', 'ghost'] },
    });
    expect(bad.status).toBe(422);
    expect(bad.data.details).toEqual([
      { path: 'properties.language', message: 'must be one of: "go", "ts", "python"' },
      { path: 'properties.replicas', message: 'must be at least 0' },
      { path: 'relations.dependsOn[1]', message: 'no entity "ghost" in blueprint "service"' },
    ]);
    const shape = await api.post('/v1/blueprints/service/entities', {
      identifier: 'has space',
      properties: [],
      extra: 1,
    });
    expect(shape.status).toBe(422);
    expect(shape.data.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'extra',
      'identifier',
      'properties',
    ]);
  });

  it('lets an entity relate to itself and to entities written earlier', async () => {
    const self = await api.post('/v1/blueprints/service/entities', {
      identifier: 'loop',
      properties: { language: 'go' },
      relations: { dependsOn: ['loop', 'checkout'] },
    });
    expect(self.status).toBe(201);
  });
});
