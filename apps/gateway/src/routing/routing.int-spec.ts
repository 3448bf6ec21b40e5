import http from 'node:http';
import axios from 'axios';
import { createTestNamespace, type TestNamespace, testToken } from '@flowline/testing';
import { deadUrl, RecordingUpstream } from '../__tests__/recording-upstream';
import { startTestGateway } from '../__tests__/start-test-gateway';

describe('routing /v1 to the services', () => {
  let ns: TestNamespace;
  let running: Awaited<ReturnType<typeof startTestGateway>>;
  let workflows: RecordingUpstream;
  let orchestrator: RecordingUpstream;
  const token = testToken('org_routing');
  const call = (
    method: string,
    path: string,
    options: { data?: unknown; headers?: Record<string, string> } = {},
  ) =>
    axios.request({
      method,
      url: `${running.baseUrl}${path}`,
      data: options.data,
      headers: { authorization: `Bearer ${token}`, ...options.headers },
      validateStatus: () => true,
      transformResponse: (body: unknown) => body,
    });

  beforeAll(async () => {
    ns = await createTestNamespace('gateway-routing');
    workflows = await RecordingUpstream.start((req, res) => {
      res.setHeader('x-upstream', 'workflows');
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.writeHead(req.method === 'POST' ? 201 : 200, 'Made It');
      res.end(
        JSON.stringify({ ok: true, echo: { method: req.method, url: req.url, bytes: req.body.length } }),
      );
    });
    orchestrator = await RecordingUpstream.start((req, res) => {
      if (req.url.startsWith('/base/v1/workflows/runs/slow')) return; // never answers
      if (req.url.startsWith('/base/v1/workflows/runs/missing')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"ok":false,"error":"not_found","message":"run was not found"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('x'.repeat(2_000_000));
    });
    running = await startTestGateway(ns, {
      WORKFLOWS_URL: workflows.baseUrl,
      ORCHESTRATOR_URL: `${orchestrator.baseUrl}/base/`, // a base URL with a path of its own
      TRIGGERS_URL: await deadUrl(),
      UPSTREAM_RESPONSE_TIMEOUT_MS: '1000',
    });
  });

  afterAll(async () => {
    await running?.close();
    await workflows?.close();
    await orchestrator?.close();
    await ns?.dispose();
  });

  beforeEach(() => {
    workflows.received.length = 0;
    orchestrator.received.length = 0;
  });

  it('passes method, path, query, body, headers and request id through, and the answer back unchanged', async () => {
    const body = JSON.stringify({ identifier: 'deploy', nodes: [], big: 'y'.repeat(300_000) });
    const answer = await call('PUT', '/v1/workflows/deploy?dryRun=true&tag=a&tag=b', {
      data: body,
      headers: {
        'content-type': 'application/json',
        'x-request-id': 'req-abc-123',
        'x-custom': 'kept',
        'x-forwarded-for': '203.0.113.9', // a caller's claim: the gateway is the edge and does not trust it
      },
    });

    expect(workflows.received).toHaveLength(1);
    const seen = workflows.received[0];
    expect(seen.method).toBe('PUT');
    expect(seen.url).toBe('/v1/workflows/deploy?dryRun=true&tag=a&tag=b');
    expect(seen.body.toString()).toBe(body); // byte for byte, and past the 100 kB a JSON parser would allow
    expect(seen.headers).toEqual(
      expect.objectContaining({
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'x-custom': 'kept',
        'x-request-id': 'req-abc-123',
        'x-forwarded-for': '127.0.0.1',
        'x-forwarded-proto': 'http',
        'x-forwarded-host': new URL(running.baseUrl).host,
      }),
    );

    expect(answer.status).toBe(200);
    expect(answer.statusText).toBe('Made It');
    expect(answer.headers['x-upstream']).toBe('workflows');
    expect(answer.headers['x-powered-by']).toBeUndefined(); // the recording upstream sends none
    expect(answer.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.headers['x-request-id']).toBe('req-abc-123');
    expect(JSON.parse(answer.data)).toEqual({
      ok: true,
      echo: {
        method: 'PUT',
        url: '/v1/workflows/deploy?dryRun=true&tag=a&tag=b',
        bytes: Buffer.byteLength(body),
      },
    });
  });

  it('gives a request without a (sane) request id a new one, upstream and back', async () => {
    const fresh = await call('GET', '/v1/workflows');
    const insane = await call('GET', '/v1/secrets', { headers: { 'x-request-id': 'no spaces <allowed>' } });
    const ids = [fresh.headers['x-request-id'], insane.headers['x-request-id']];
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[0]).not.toBe(ids[1]);
    expect(workflows.received.map((req) => req.headers['x-request-id'])).toEqual(ids);
  });

  it('drops hop-by-hop headers, including those the caller named in Connection', async () => {
    await call('POST', '/v1/workflows', {
      data: '{}',
      headers: {
        'content-type': 'application/json',
        connection: 'keep-alive, x-hop',
        'x-hop': '1',
        te: 'trailers',
      },
    });
    const headers = workflows.received[0].headers;
    expect(headers['x-hop']).toBeUndefined();
    expect(headers['te']).toBeUndefined();
    expect(headers['content-length']).toBe('2');
  });

  it('sends runs to the orchestrator under its base path, streaming large answers back', async () => {
    const answer = await call('GET', '/v1/workflows/runs?limit=5');
    expect(orchestrator.received.map((req) => req.url)).toEqual(['/base/v1/workflows/runs?limit=5']);
    expect(workflows.received).toHaveLength(0);
    expect([answer.status, answer.data.length]).toEqual([200, 2_000_000]);
  });

  it("passes a service's error answers through as they are", async () => {
    const answer = await call('GET', '/v1/workflows/runs/missing');
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.data)).toEqual({ ok: false, error: 'not_found', message: 'run was not found' });
  });

  it('answers 503 at once for a service that is not deployed (no URL) or refuses connections', async () => {
    const started = Date.now();
    const notDeployed = await call('POST', '/v1/blueprints', { data: { identifier: 'service' } });
    const refused = await call('POST', '/v1/workflows/deploy/runs', { data: { inputs: {} } });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect([notDeployed.status, JSON.parse(notDeployed.data)]).toEqual([
      503,
      { ok: false, error: 'service_unavailable', message: 'catalog is not available' },
    ]);
    expect([refused.status, JSON.parse(refused.data)]).toEqual([
      503,
      { ok: false, error: 'service_unavailable', message: 'triggers is not available' },
    ]);
    expect(refused.headers['x-request-id']).toBeDefined();
  });

  it('answers 503 when a service stays silent past the response timeout, instead of hanging', async () => {
    const started = Date.now();
    const answer = await call('GET', '/v1/workflows/runs/slow');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect([answer.status, JSON.parse(answer.data).message]).toEqual([503, 'orchestrator is not available']);
  });

  it('never routes /internal paths or paths that climb out of /v1, answering 404', async () => {
    const paths = [
      '/internal/secrets/github-token',
      '/v1/nothing-here',
      '/v1/workflows/%2e%2e/%2e%2e/internal/secrets',
      '/v1/workflows/x\\..\\..\\internal/secrets',
    ];
    for (const path of paths) {
      const answer = await rawGet(running.baseUrl, path); // verbatim: a client-side URL parser would resolve `..`
      expect({ path, status: answer.status, body: JSON.parse(answer.body) }).toEqual({
        path,
        status: 404,
        body: expect.objectContaining({ ok: false, error: 'not_found' }),
      });
    }
    expect(workflows.received).toHaveLength(0);
    expect(orchestrator.received).toHaveLength(0);
  });

  it('proxies requests without a valid token too: the service decides (and answers 401)', async () => {
    await call('GET', '/v1/workflows', { headers: { authorization: 'Bearer not-a-token' } });
    expect(workflows.received[0].headers.authorization).toBe('Bearer not-a-token');
  });
});

function rawGet(baseUrl: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    http
      .request({ hostname, port, path, method: 'GET' }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject)
      .end();
  });
}
