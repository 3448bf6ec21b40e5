import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyAccessToken } from './access-token';
import { ServiceCredentials } from './service-credentials';
import { ServiceHttp, ServiceUnreachableError } from './service-http';

describe('calls to another service', () => {
  const secret = 'x'.repeat(32);
  const credentials = new ServiceCredentials({ jwtSecret: secret, serviceName: 'triggers' });
  let server: Server;
  let baseUrl: string;
  const seen: Array<{ method?: string; url?: string; headers: IncomingHttpHeaders; body: string }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ echoed: body || null }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('go as this service, for the org, and answer every status', async () => {
    const http = new ServiceHttp(baseUrl, credentials, 2_000);
    expect(await http.post('org_a', '/things', { a: 1 })).toEqual({
      status: 200,
      data: { echoed: '{"a":1}' },
    });
    expect((await http.get('org_a', '/missing')).status).toBe(404);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/things' });
    const token = seen[0].headers.authorization?.replace(/^Bearer /, '') ?? '';
    expect(verifyAccessToken(token, secret)).toMatchObject({
      orgId: 'org_a',
      actorId: 'triggers',
      kind: 'service',
    });
  });

  it('throw ServiceUnreachableError only when there is no answer', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const http = new ServiceHttp(`http://127.0.0.1:${port}`, credentials, 2_000);
    await expect(http.get('org_a', '/anything')).rejects.toBeInstanceOf(ServiceUnreachableError);
  });
});
