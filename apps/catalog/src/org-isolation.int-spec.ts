import axios from 'axios';
import { createTestNamespace, type RunningTestApp, type TestNamespace, testToken } from '@flowline/testing';
import {
  clientFor,
  migrateCatalog,
  serviceBlueprint,
  startCatalog,
  teamBlueprint,
} from './__tests__/catalog-harness';

describe('org isolation and authentication', () => {
  let ns: TestNamespace;
  let running: RunningTestApp;

  beforeAll(async () => {
    ns = await createTestNamespace('catalog-isolation');
    await migrateCatalog(ns);
    running = await startCatalog(ns);
    const orgA = clientFor(running, 'org_a');
    await orgA.post('/v1/blueprints', teamBlueprint);
    await orgA.post('/v1/blueprints', serviceBlueprint);
    await orgA.post('/v1/blueprints/service/entities', {
      identifier: 'secret',
      properties: { language: 'go' },
    });
  });

  afterAll(async () => {
    await running?.close();
    await ns?.dispose();
  });

  it("answers 404 when org B reads, updates or deletes org A's entity", async () => {
    const orgB = clientFor(running, 'org_b');
    const read = await orgB.get('/v1/blueprints/service/entities/secret');
    expect(read.status).toBe(404);
    expect(read.data).toMatchObject({ ok: false, error: 'not_found' });
    expect((await orgB.get('/v1/blueprints/service/entities')).status).toBe(404);
    expect(
      (await orgB.post('/v1/blueprints/service/entities/search', { combinator: 'and', rules: [] })).status,
    ).toBe(404);
    expect((await orgB.patch('/v1/blueprints/service/entities/secret', { title: 'mine' })).status).toBe(404);
    expect(
      (
        await orgB.post('/v1/blueprints/service/entities?upsert=true', {
          identifier: 'secret',
          title: 'mine',
        })
      ).status,
    ).toBe(404);
    expect((await orgB.delete('/v1/blueprints/service/entities/secret')).status).toBe(404);
  });

  it("answers 404 when org B reads, updates or deletes org A's blueprint, and lists none of them", async () => {
    const orgB = clientFor(running, 'org_b');
    expect((await orgB.get('/v1/blueprints/service')).status).toBe(404);
    expect(
      (await orgB.put('/v1/blueprints/service', { title: 'x', schema: { properties: {} } })).status,
    ).toBe(404);
    expect((await orgB.patch('/v1/blueprints/service', { title: 'x' })).status).toBe(404);
    expect((await orgB.delete('/v1/blueprints/service')).status).toBe(404);
    expect((await orgB.get('/v1/blueprints')).data).toEqual({ ok: true, blueprints: [] });
  });

  it("lets org B use the same identifiers without touching org A's", async () => {
    const orgB = clientFor(running, 'org_b');
    expect((await orgB.post('/v1/blueprints', teamBlueprint)).status).toBe(201);
    // Relation targets are looked up in the caller's org: org B has a team blueprint but no service one.
    expect((await orgB.post('/v1/blueprints', serviceBlueprint)).status).toBe(201);
    expect(
      (
        await orgB.post('/v1/blueprints/service/entities', {
          identifier: 'secret',
          properties: { language: 'ts' },
        })
      ).status,
    ).toBe(201);
    const orgA = clientFor(running, 'org_a');
    expect((await orgA.get('/v1/blueprints/service/entities/secret')).data.entity.properties).toEqual({
      language: 'go',
    });
    const relatedAcross = await orgB.post('/v1/blueprints/service/entities', {
      identifier: 'b2',
      properties: { language: 'go' },
      relations: { team: 'platform' },
    });
    expect(relatedAcross.status).toBe(422);
  });

  it('answers 401 without a token, with a tampered token, or one signed with another key', async () => {
    const url = `${running.baseUrl}/v1/blueprints/service/entities/secret`;
    const noToken = await axios.get(url, { validateStatus: () => true });
    expect(noToken.status).toBe(401);
    expect(noToken.data).toMatchObject({ ok: false, error: 'unauthorized' });
    const [header, , signature] = testToken('org_b').split('.');
    const forgedClaims = Buffer.from(
      JSON.stringify({
        iss: 'flowline',
        sub: 'x',
        org: 'org_a',
        kind: 'user',
        roles: ['admin'],
        iat: 0,
        exp: 9e9,
      }),
    ).toString('base64url');
    const tampered = await axios.get(url, {
      validateStatus: () => true,
      headers: { authorization: `Bearer ${header}.${forgedClaims}.${signature}` },
    });
    expect(tampered.status).toBe(401);
    const otherKey = await axios.get(url, {
      validateStatus: () => true,
      headers: {
        authorization: `Bearer ${testToken('org_a', { secret: 'another-signing-key-of-32-characters!!' })}`,
      },
    });
    expect(otherKey.status).toBe(401);
    const writes = await axios.post(`${running.baseUrl}/v1/blueprints`, teamBlueprint, {
      validateStatus: () => true,
    });
    expect(writes.status).toBe(401);
  });
});
