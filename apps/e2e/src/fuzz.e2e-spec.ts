import { randomBytes } from 'node:crypto';
import http from 'node:http';
import fc from 'fast-check';
import { testToken, waitFor } from '@flowline/testing';
import { gatewayApi } from './harness/gateway-api';
import { rawRequest } from './harness/raw-http';
import { type CreatedClient, RunningSystem } from './harness/system';
import { FuzzReport } from './fuzz/fuzz-report';
import { type KnownIds, PUBLIC_ROUTES } from './fuzz/public-routes';
import { type AuthKind, type FuzzRequest, fuzzRequest, pathOf } from './fuzz/request-arbitraries';

/**
 * The fuzz test (issue 15): random and malformed bodies, headers, content types, depths, sizes and
 * unicode against every public route of every service, through the gateway, with every service a process.
 * Holds when no answer is ≥ 500, none hangs, and every service is still healthy at the end.
 *
 * Seeded: the seed is printed; `FUZZ_SEED=<seed>` replays the same requests (FUZZ_RUNS, FUZZ_TIME_MS bound
 * the run: property runs of 1–4 concurrent requests until 150 s have passed, or FUZZ_RUNS of them).
 */
const SEED = Number(process.env['FUZZ_SEED'] ?? randomBytes(4).readUInt32BE(0));
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 100_000);
const TIME_MS = Number(process.env['FUZZ_TIME_MS'] ?? 150_000);

describe(`fuzzing every public route through the gateway (seed ${SEED})`, () => {
  let system: RunningSystem;
  let sink: http.Server;
  let ids: KnownIds;
  const tokens = {} as Record<AuthKind, string | undefined>;
  const report = new FuzzReport();

  beforeAll(async () => {
    console.log(`fuzz seed ${SEED}: replay with FUZZ_SEED=${SEED}`);
    sink = http.createServer((req, res) => req.resume().on('end', () => res.end('{"accepted":true}')));
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    system = await RunningSystem.start({
      services: [
        'workflows',
        'catalog',
        'triggers',
        'orchestrator',
        'executor-webhook',
        'executor-kafka',
        'executor-upsert-entity',
      ],
      // Rate limits are not under test here: every request should reach its service.
      env: { gateway: { RATE_LIMIT_PER_MINUTE: '1000000' } },
    });
    const org = `org_fuzz_${system.runId}`;
    const admin = await system.createClient(org, 'admin');
    const member = await system.createClient(org, 'member');
    const other: CreatedClient = await system.createClient(`org_fuzz_other_${system.runId}`, 'admin');
    Object.assign(tokens, {
      valid: admin.accessToken,
      member: member.accessToken,
      'other-org': other.accessToken,
      none: undefined,
      garbage: 'not.a.jwt',
      'expired-shape': testToken(org, { kind: 'machine', secret: system.jwtSecret, ttlSeconds: -60 }),
    });
    ids = await seedData(system, admin, org, `http://127.0.0.1:${(sink.address() as { port: number }).port}`);
  }, 180_000);

  afterAll(async () => {
    console.log(`fuzz seed ${SEED}\n${report.format(PUBLIC_ROUTES.map((r) => `${r.method} ${r.path}`))}`);
    await system?.stop();
    await new Promise((resolve) => sink?.close(resolve));
  });

  async function send(request: FuzzRequest): Promise<void> {
    const token = tokens[request.route.anonymous && request.auth === 'valid' ? 'none' : request.auth];
    const headers: Record<string, string> = { ...request.headers };
    if (token) headers['authorization'] = `Bearer ${token}`;
    if (request.contentType !== undefined) headers['content-type'] = request.contentType;
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    const path = pathOf(request, ids);
    let status: number | 'no answer' = 'no answer';
    try {
      const answer = await rawRequest(system.gatewayUrl, {
        method: request.route.method,
        path,
        headers,
        body: request.body,
      });
      status = answer.status;
      if (status >= 500)
        report.findings.push(
          `${status} ${request.route.method} ${path.slice(0, 200)}: ${answer.text.slice(0, 300)}`,
        );
    } catch (error) {
      // Node's client refusing what it generated is no finding (e.g. a header it will not send).
      if (
        (error as { code?: string }).code === 'ERR_INVALID_CHAR' ||
        (error as { code?: string }).code === 'ERR_UNESCAPED_CHARACTERS'
      )
        return;
      report.findings.push(
        `no answer: ${request.route.method} ${path.slice(0, 200)}: ${(error as Error).message}`,
      );
    } finally {
      report.record(request, status);
    }
    if (typeof status !== 'number' || status >= 500)
      throw new Error(`${status} for ${request.route.method} ${path.slice(0, 200)}`);
  }

  it(
    'never answers ≥ 500 and never hangs, whatever comes in',
    async () => {
      const outcome = await fc.check(
        fc.asyncProperty(fc.array(fuzzRequest, { minLength: 1, maxLength: 4 }), async (batch) => {
          await Promise.all(batch.map(send));
        }),
        {
          seed: SEED,
          numRuns: RUNS,
          interruptAfterTimeLimit: TIME_MS,
          markInterruptAsFailure: false,
          endOnFailure: true,
        },
      );
      if (outcome.failed) console.log(fc.defaultReportMessage(outcome));
      expect({ seed: SEED, findings: report.findings }).toEqual({ seed: SEED, findings: [] });
      expect(report.total).toBeGreaterThan(100);
    },
    TIME_MS + 120_000,
  );

  it('leaves every service running and ready', async () => {
    for (const [app, service] of system.processes) {
      expect({ app, running: service.running }).toEqual({ app, running: true });
      const ready = await waitFor(
        async () => {
          const answer = await rawRequest(service.baseUrl, { method: 'GET', path: '/health/ready' }).catch(
            () => undefined,
          );
          return answer?.status === 200 ? answer : undefined;
        },
        { timeoutMs: 30_000, description: `${app} ready` },
      );
      expect(ready.status).toBe(200);
    }
  });
});

/** A workflow with a waiting async node, a secret, a blueprint and an entity: ids the fuzzer can hit. */
async function seedData(
  system: RunningSystem,
  admin: CreatedClient,
  org: string,
  sinkUrl: string,
): Promise<KnownIds> {
  const api = gatewayApi(system.gatewayUrl, admin.accessToken);
  const must = async (what: string, answer: Promise<{ status: number; data: unknown }>) => {
    const { status, data } = await answer;
    if (status >= 300) throw new Error(`${what}: ${status} ${JSON.stringify(data)}`);
    return data as Record<string, unknown>;
  };
  await must(
    'workflow',
    api.post('/v1/workflows', {
      identifier: 'fuzzed',
      nodes: [
        {
          identifier: 'trigger',
          config: { type: 'SELF_SERVE_TRIGGER', userInputs: { properties: { note: { type: 'string' } } } },
        },
        { identifier: 'wait', config: { type: 'WEBHOOK', url: sinkUrl, synchronized: false } },
      ],
      connections: [{ sourceIdentifier: 'trigger', targetIdentifier: 'wait' }],
    }),
  );
  await must('secret', api.put('/v1/secrets/FUZZ_SECRET', { value: 's3cret' }));
  await must(
    'blueprint',
    api.post('/v1/blueprints', {
      identifier: 'fuzzed',
      title: 'Fuzzed',
      schema: { properties: { language: { type: 'string' } } },
    }),
  );
  await must(
    'entity',
    api.post('/v1/blueprints/fuzzed/entities', {
      identifier: 'one',
      title: 'One',
      properties: { language: 'ts' },
    }),
  );
  const run = await must('run', api.post('/v1/workflows/fuzzed/runs', { inputs: { note: 'hi' } }));
  const runId = String((run['workflowRun'] as { identifier: string }).identifier);
  const nodeRun = await waitFor(
    async () => {
      const answer = await api.get(`/v1/workflows/runs/${runId}`);
      const nodeRuns = (answer.data?.workflowRun?.nodeRuns ?? []) as Array<{
        identifier: string;
        node?: { identifier: string };
        status: string;
      }>;
      return nodeRuns.find((n) => n.node?.identifier === 'wait' && n.status === 'IN_PROGRESS');
    },
    { timeoutMs: 60_000, description: 'the waiting node run' },
  );
  return {
    workflow: 'fuzzed',
    node: 'trigger',
    version: '1',
    secret: 'FUZZ_SECRET',
    blueprint: 'fuzzed',
    entity: 'one',
    run: runId,
    nodeRun: nodeRun.identifier,
    org,
  };
}
