import { type AxiosInstance } from 'axios';
import { createTestNamespace, type RunningTestApp, type TestNamespace } from '@flowline/testing';
import {
  clientFor,
  migrateCatalog,
  serviceBlueprint,
  startCatalog,
  teamBlueprint,
} from '../__tests__/catalog-harness';

describe('entity search', () => {
  let ns: TestNamespace;
  let running: RunningTestApp;
  let api: AxiosInstance;

  /** The identifiers a search returns, in the order served (by identifier). */
  const search = async (body: unknown): Promise<string[]> => {
    const response = await api.post('/v1/blueprints/service/entities/search', body);
    expect(response.status).toBe(200);
    return response.data.entities.map((e: { identifier: string }) => e.identifier);
  };
  const rule = (property: string, operator: string, value?: unknown) =>
    search({
      combinator: 'and',
      rules: [value === undefined ? { property, operator } : { property, operator, value }],
    });

  beforeAll(async () => {
    ns = await createTestNamespace('catalog-search');
    await migrateCatalog(ns);
    running = await startCatalog(ns);
    api = clientFor(running, 'org_a');
    await api.post('/v1/blueprints', teamBlueprint);
    await api.post('/v1/blueprints', serviceBlueprint);
    for (const identifier of ['platform', 'core'])
      await api.post('/v1/blueprints/team/entities', { identifier });
    const entities = [
      {
        identifier: 'b',
        title: 'Cart',
        team: 'payments',
        properties: { language: 'ts', replicas: 1, tags: ['web'] },
        relations: { team: 'core' },
      },
      {
        identifier: 'a',
        title: 'Checkout API',
        team: ['payments', 'platform'],
        properties: { language: 'go', replicas: 3, tags: ['web', 'api'], public: true },
        relations: { team: 'platform', dependsOn: ['b'] },
      },
      { identifier: 'c', properties: { language: 'python' } },
    ];
    for (const entity of entities)
      expect((await api.post('/v1/blueprints/service/entities', entity)).status).toBe(201);
  });

  afterAll(async () => {
    await running?.close();
    await ns?.dispose();
  });

  it('= matches own fields, properties of every type, and elements of arrays', async () => {
    expect(await rule('identifier', '=', 'a')).toEqual(['a']);
    expect(await rule('$identifier', '=', 'c')).toEqual(['c']);
    expect(await rule('title', '=', 'Cart')).toEqual(['b']);
    expect(await rule('properties.language', '=', 'ts')).toEqual(['b']);
    expect(await rule('language', '=', 'go')).toEqual(['a']);
    expect(await rule('properties.replicas', '=', 3)).toEqual(['a']);
    expect(await rule('properties.public', '=', true)).toEqual(['a']);
    expect(await rule('team', '=', 'platform')).toEqual(['a']);
    expect(await rule('$team', '=', 'payments')).toEqual(['a', 'b']);
    expect(await rule('properties.tags', '=', 'api')).toEqual(['a']);
    expect(await rule('relations.team', '=', 'core')).toEqual(['b']);
    expect(await rule('relations.dependsOn', '=', 'b')).toEqual(['a']);
  });

  it('!= is the negation of =, an unset field counting as "not equal"', async () => {
    expect(await rule('properties.language', '!=', 'go')).toEqual(['b', 'c']);
    expect(await rule('title', '!=', 'Cart')).toEqual(['a', 'c']);
    expect(await rule('properties.replicas', '!=', 1)).toEqual(['a', 'c']);
    expect(await rule('team', '!=', 'payments')).toEqual(['c']);
  });

  it('in matches any listed value', async () => {
    expect(await rule('properties.language', 'in', ['go', 'python'])).toEqual(['a', 'c']);
    expect(await rule('identifier', 'in', ['b', 'zzz'])).toEqual(['b']);
    expect(await rule('team', 'in', ['platform', 'nobody'])).toEqual(['a']);
    expect(await rule('relations.team', 'in', ['core', 'platform'])).toEqual(['a', 'b']);
    expect(await rule('properties.language', 'in', [])).toEqual([]);
  });

  it('contains finds substrings (case-sensitive) and array elements', async () => {
    expect(await rule('title', 'contains', 'art')).toEqual(['b']);
    expect(await rule('title', 'contains', 'C')).toEqual(['a', 'b']);
    expect(await rule('title', 'contains', 'cart')).toEqual([]);
    expect(await rule('properties.tags', 'contains', 'api')).toEqual(['a']);
    expect(await rule('team', 'contains', 'payments')).toEqual(['a', 'b']);
    expect(await rule('relations.dependsOn', 'contains', 'b')).toEqual(['a']);
  });

  it('exists tests for a set, non-null field; value false inverts it', async () => {
    expect(await rule('properties.replicas', 'exists')).toEqual(['a', 'b']);
    expect(await rule('properties.replicas', 'exists', true)).toEqual(['a', 'b']);
    expect(await rule('properties.replicas', 'exists', false)).toEqual(['c']);
    expect(await rule('title', 'exists', false)).toEqual(['c']);
    expect(await rule('relations.team', 'exists')).toEqual(['a', 'b']);
  });

  it('combines rules with and / or, and nested groups', async () => {
    expect(
      await search({
        combinator: 'or',
        rules: [
          { property: 'properties.language', operator: '=', value: 'go' },
          { property: 'properties.language', operator: '=', value: 'python' },
        ],
      }),
    ).toEqual(['a', 'c']);
    expect(
      await search({
        combinator: 'and',
        rules: [
          { property: 'team', operator: '=', value: 'payments' },
          {
            combinator: 'or',
            rules: [
              { property: 'properties.language', operator: '=', value: 'ts' },
              { property: 'properties.replicas', operator: '=', value: 3 },
            ],
          },
          { property: 'properties.public', operator: 'exists', value: false },
        ],
      }),
    ).toEqual(['b']);
    expect(await search({ combinator: 'and', rules: [] })).toEqual(['a', 'b', 'c']);
    expect(await search({ combinator: 'or', rules: [] })).toEqual([]);
  });

  it('answers 422 with paths for a bad query, and 404 for an unknown blueprint', async () => {
    const bad = await api.post('/v1/blueprints/service/entities/search', {
      combinator: 'and',
      rules: [
        { property: 'properties.colour', operator: '=', value: 'red' },
        { property: 'title', operator: 'like', value: 'x' },
      ],
    });
    expect(bad.status).toBe(422);
    expect(bad.data.details).toEqual([
      { path: 'rules[1].operator', message: 'must be one of: =, !=, in, contains, exists' },
    ]);
    const unknown = await api.post('/v1/blueprints/service/entities/search', {
      combinator: 'and',
      rules: [{ property: 'properties.colour', operator: '=', value: 'red' }],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.data.details).toEqual([
      { path: 'rules[0].property', message: '"colour" is not a property of this blueprint' },
    ]);
    const shape = await api.post('/v1/blueprints/service/entities/search', { combinator: 'xor', rules: {} });
    expect(shape.status).toBe(422);
    expect(shape.data.details.map((d: { path: string }) => d.path).sort()).toEqual(['combinator', 'rules']);
    expect(
      (await api.post('/v1/blueprints/nope/entities/search', { combinator: 'and', rules: [] })).status,
    ).toBe(404);
  });
});
