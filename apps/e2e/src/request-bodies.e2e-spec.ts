import { gatewayApi } from './harness/gateway-api';
import { deepJson, rawRequest } from './harness/raw-http';
import { type CreatedClient, RunningSystem } from './harness/system';

/** The default of HTTP_BODY_LIMIT_BYTES, the same in every service. */
const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/**
 * One request-body policy in every service, seen through the gateway (issue 15, items 1–3): over the body
 * limit → 413 naming it; JSON nested 10,000 deep → 422 NESTING_TOO_DEEP; a body that is not JSON on a
 * route that takes one → 415, and nothing changed. Never a 500.
 */
describe('request bodies through the gateway', () => {
  let system: RunningSystem;
  let client: CreatedClient;
  let token: string;

  beforeAll(async () => {
    system = await RunningSystem.start({ services: ['workflows', 'catalog', 'triggers', 'orchestrator'] });
    client = await system.createClient(`org_bodies_${system.runId}`, 'admin');
    token = client.accessToken;
    const api = gatewayApi(system.gatewayUrl, token);
    const blueprint = await api.post('/v1/blueprints', {
      identifier: 'service',
      title: 'Service',
      schema: { properties: { language: { type: 'string' } } },
    });
    expect(blueprint.status).toBe(201);
    const workflow = await api.post('/v1/workflows', {
      identifier: 'bodies',
      nodes: [
        {
          identifier: 'trigger',
          config: { type: 'SELF_SERVE_TRIGGER', userInputs: { properties: { note: { type: 'string' } } } },
        },
      ],
      connections: [],
    });
    expect(workflow.status).toBe(201);
  });

  afterAll(async () => {
    await system?.stop();
  });

  const routes = () => [
    { name: 'run submission', method: 'POST', path: '/v1/workflows/bodies/runs', auth: true },
    { name: 'entity write', method: 'POST', path: '/v1/blueprints/service/entities', auth: true },
    { name: 'access token', method: 'POST', path: '/v1/auth/access_token', auth: false },
    {
      name: 'node permissions',
      method: 'POST',
      path: '/v1/workflows/bodies/nodes/trigger/permissions',
      auth: true,
    },
    {
      name: 'PATCH node run',
      method: 'PATCH',
      path: '/v1/workflows/nodes/runs/wfnr_unknown000000000',
      auth: true,
    },
    { name: 'workflow save', method: 'POST', path: '/v1/workflows', auth: true },
  ];

  const send = (route: ReturnType<typeof routes>[number], body: string, contentType?: string) =>
    rawRequest(system.gatewayUrl, {
      method: route.method,
      path: route.path,
      headers: {
        ...(route.auth ? { authorization: `Bearer ${token}` } : {}),
        ...(contentType === undefined ? {} : { 'content-type': contentType }),
        'content-length': String(Buffer.byteLength(body)),
      },
      body,
    });

  it('answers a body over the limit with 413 naming the limit, on every route', async () => {
    const big = JSON.stringify({ identifier: 'big', note: 'x'.repeat(BODY_LIMIT_BYTES + 1024) });
    for (const route of routes()) {
      const answer = await send(route, big, 'application/json');
      expect({ route: route.name, status: answer.status, error: answer.json?.error }).toEqual({
        route: route.name,
        status: 413,
        error: 'payload_too_large',
      });
      expect(answer.json?.message).toContain(`${BODY_LIMIT_BYTES} bytes`);
    }
  });

  it('answers JSON nested 10,000 levels deep with 422 NESTING_TOO_DEEP, on every route', async () => {
    const deep = `{"identifier":"deep","properties":{"x":${deepJson(10_000)}}}`;
    for (const route of routes()) {
      const answer = await send(route, deep, 'application/json');
      expect({ route: route.name, status: answer.status, code: codeOf(answer.json) }).toEqual({
        route: route.name,
        status: 422,
        code: 'NESTING_TOO_DEEP',
      });
    }
  });

  it('refuses a body that is not JSON with 415 on every route that takes one, and creates nothing', async () => {
    const entity = JSON.stringify({ identifier: 'plain', title: 'Plain' });
    for (const contentType of ['text/plain', undefined, 'application/x-www-form-urlencoded']) {
      for (const route of routes()) {
        const answer = await send(route, entity, contentType);
        expect({ route: route.name, contentType, status: answer.status }).toEqual({
          route: route.name,
          contentType,
          status: 415,
        });
        expect(answer.json).toMatchObject({ ok: false, error: 'unsupported_media_type' });
      }
    }
    const api = gatewayApi(system.gatewayUrl, token);
    expect((await api.get('/v1/blueprints/service/entities/plain')).status).toBe(404);
    expect((await api.get('/v1/blueprints/service/entities')).data.entities).toEqual([]);
  });
});

function codeOf(json: Record<string, unknown> | undefined): unknown {
  const details = json?.['details'];
  return Array.isArray(details) ? (details[0] as { code?: unknown })?.code : undefined;
}
