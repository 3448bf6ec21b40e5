import { createHmac } from 'node:crypto';
import { gatewayApi } from './harness/gateway-api';
import { type CreatedClient, RunningSystem } from './harness/system';

/** The gateway's own behaviour, with one real service (workflows) behind it as a separate process. */
describe('the gateway in front of running services', () => {
  let system: RunningSystem;
  let client: CreatedClient;
  let accessToken: string;

  beforeAll(async () => {
    system = await RunningSystem.start({ services: ['workflows'] });
    client = await system.createClient(`org_e2e_${system.runId}`, 'admin');
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('exchanges client credentials for an access token, and refuses wrong ones', async () => {
    const api = gatewayApi(system.gatewayUrl);
    const good = await api.post('/v1/auth/access_token', {
      clientId: client.clientId,
      clientSecret: client.clientSecret,
    });
    expect(good.status).toBe(200);
    expect(good.data).toEqual({
      ok: true,
      accessToken: expect.any(String),
      expiresIn: 10_800,
      tokenType: 'Bearer',
    });
    accessToken = good.data.accessToken;

    const bad = await api.post('/v1/auth/access_token', { clientId: client.clientId, clientSecret: 'wrong' });
    expect([bad.status, bad.data.error]).toEqual([401, 'unauthorized']);
  });

  it('lets a valid token through to the service, with request id and rate-limit headers', async () => {
    const answer = await gatewayApi(system.gatewayUrl, accessToken).get('/v1/workflows', {
      headers: { 'x-request-id': `e2e-${system.runId}` },
    });
    expect(answer.status).toBe(200);
    expect(answer.data).toEqual(expect.objectContaining({ ok: true, workflows: expect.any(Array) }));
    expect(answer.headers['x-request-id']).toBe(`e2e-${system.runId}`);
    expect(answer.headers['x-ratelimit-limit']).toBe('1000');
    expect(Number(answer.headers['x-ratelimit-remaining'])).toBeLessThan(1000);
  });

  it('answers 401 (from the service) for a missing, tampered or foreign-signed token', async () => {
    const [header, payload, signature] = accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, org: 'org_other' })).toString('base64url')}.${signature}`;
    const unsigned = `${header}.${payload}`;
    const foreign = `${unsigned}.${createHmac('sha256', 'some-other-key-of-at-least-32-chars!').update(unsigned).digest('base64url')}`;

    for (const token of [undefined, tampered, foreign, 'not-a-jwt']) {
      const answer = await gatewayApi(system.gatewayUrl, token).get('/v1/workflows');
      expect({ token, status: answer.status, error: answer.data.error }).toEqual({
        token,
        status: 401,
        error: 'unauthorized',
      });
    }
  });

  it('answers 503 at once for a service that is not deployed (the orchestrator here)', async () => {
    const started = Date.now();
    const answer = await gatewayApi(system.gatewayUrl, accessToken).get('/v1/workflows/runs?limit=5');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(answer.status).toBe(503);
    expect(answer.data).toEqual({
      ok: false,
      error: 'service_unavailable',
      message: 'orchestrator is not available',
    });
    expect(answer.headers['x-request-id']).toEqual(expect.any(String));
  });

  it('never routes /internal paths, even where a service has them', async () => {
    const answer = await gatewayApi(system.gatewayUrl, accessToken).get('/internal/v1/secrets/anything');
    expect([answer.status, answer.data.error]).toEqual([404, 'not_found']);
  });

  it('answers 503 once a running service has gone away', async () => {
    await system.stopApp('workflows');
    const started = Date.now();
    const answer = await gatewayApi(system.gatewayUrl, accessToken).get('/v1/workflows');
    expect(Date.now() - started).toBeLessThan(3_000);
    expect([answer.status, answer.data.message]).toEqual([503, 'workflows is not available']);
  });
});
