import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { ServiceCredentials, verifyAccessToken } from '@flowline/nest-auth';
import { loadConfig } from '@flowline/nest-service';
import { TEST_JWT_SECRET } from '@flowline/testing';
import { ExecutorUpsertEntityConfig, SERVICE_NAME } from '../executor-upsert-entity.config';
import { catalogCallFailureOutcome, catalogOutcome } from '../upsert-entity/catalog-outcome';
import { CatalogCallError, CatalogClient, type CatalogEntityWrite } from './catalog-client';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A stand-in catalog on 127.0.0.1 answering by path, to see the answers the real one rarely gives. */
async function startFakeCatalog(seen: Seen[]): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = req.url ?? '/';
      seen.push({
        method: req.method ?? '',
        url,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      if (url.startsWith('/v1/blueprints/down/'))
        res
          .writeHead(503, { 'content-type': 'application/json' })
          .end('{"ok":false,"error":"service_unavailable","message":"database is down"}');
      else if (url.startsWith('/v1/blueprints/slow/')) setTimeout(() => res.end('{}'), 2_000).unref();
      else
        res
          .writeHead(201, { 'content-type': 'application/json' })
          .end('{"ok":true,"entity":{"identifier":"a"}}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function clientFor(baseUrl: string): CatalogClient {
  const config = loadConfig(ExecutorUpsertEntityConfig, {
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/flowline',
    KAFKA_BROKERS: '127.0.0.1:9092',
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    WORKFLOWS_URL: 'http://127.0.0.1:9',
    CATALOG_URL: baseUrl,
  });
  return new CatalogClient(
    config,
    new ServiceCredentials({ jwtSecret: TEST_JWT_SECRET, serviceName: SERVICE_NAME }),
  );
}

const write = (blueprint: string, timeoutMs = 1_000): CatalogEntityWrite => ({
  orgId: 'org_a',
  blueprint,
  body: { identifier: 'a', properties: { x: 1 } },
  chainDepth: 3,
  idempotencyKey: 'wfnr_AAAAAAAAAAAAAAAA:1',
  runId: 'wfr_AAAAAAAAAAAAAAAA',
  nodeRunId: 'wfnr_AAAAAAAAAAAAAAAA',
  timeoutMs,
});
const upsert = { blueprint: 'down', body: { identifier: 'a' }, generatedIdentifier: false };

describe('CatalogClient over real HTTP', () => {
  const seen: Seen[] = [];
  let server: Server;
  let client: CatalogClient;

  beforeAll(async () => {
    server = await startFakeCatalog(seen);
    client = clientFor(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("posts the upsert with the executor's own service token for the org and the chain depth", async () => {
    const response = await client.upsertEntity(write('my service'));
    expect(response).toMatchObject({ status: 201, body: { ok: true, entity: { identifier: 'a' } } });
    const [request] = seen;
    expect(request).toMatchObject({
      method: 'POST',
      url: '/v1/blueprints/my%20service/entities?upsert=true',
    });
    expect(JSON.parse(request.body)).toEqual({ identifier: 'a', properties: { x: 1 } });
    expect(request.headers).toMatchObject({
      'x-flowline-chain-depth': '3',
      'idempotency-key': 'wfnr_AAAAAAAAAAAAAAAA:1',
      'x-flowline-run-id': 'wfr_AAAAAAAAAAAAAAAA',
      'x-flowline-node-run-id': 'wfnr_AAAAAAAAAAAAAAAA',
      'content-type': 'application/json',
    });
    const token = String(request.headers.authorization).replace(/^Bearer /, '');
    expect(verifyAccessToken(token, TEST_JWT_SECRET)).toMatchObject({
      orgId: 'org_a',
      actorId: 'executor-upsert-entity',
      kind: 'service',
    });
  });

  it('turns a 5xx into a retryable failure carrying the catalog message', async () => {
    const result = catalogOutcome(upsert, await client.upsertEntity(write('down')));
    expect(result).toMatchObject({
      result: 'FAILED',
      failure: {
        code: 'CATALOG_UNAVAILABLE',
        retryable: true,
        message: 'the catalog refused entity "a" of blueprint "down": HTTP 503: database is down',
      },
    });
  });

  it('reports a catalog that does not answer in time as a timeout', async () => {
    const error = await client.upsertEntity(write('slow', 200)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CatalogCallError);
    expect(error).toMatchObject({ kind: 'timeout', message: 'no answer within 200 ms' });
    expect(catalogCallFailureOutcome(upsert, error as CatalogCallError)).toMatchObject({
      failure: { code: 'TIMEOUT', retryable: true },
    });
  });

  it('reports an unreachable catalog as a retryable network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const error = await clientFor(`http://127.0.0.1:${port}`)
      .upsertEntity(write('service'))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'network', message: expect.stringContaining('ECONNREFUSED') });
    expect(catalogCallFailureOutcome(upsert, error as CatalogCallError)).toMatchObject({
      failure: { code: 'NETWORK_ERROR', retryable: true },
    });
  });

  it('reports an aborted attempt (its deadline passed) as DEADLINE_EXCEEDED', async () => {
    const controller = new AbortController();
    const pending = client
      .upsertEntity({ ...write('slow', 5_000), signal: controller.signal })
      .catch((e: unknown) => e);
    controller.abort(new Error('the attempt reached its deadline'));
    const error = await pending;
    expect(error).toMatchObject({ kind: 'aborted' });
    expect(catalogCallFailureOutcome(upsert, error as CatalogCallError)).toMatchObject({
      failure: { code: 'DEADLINE_EXCEEDED', retryable: true },
    });
  });
});
