import axios from 'axios';
import { DataSource } from 'typeorm';
import { createTestNamespace, type TestNamespace, testToken, waitFor } from '@flowline/testing';
import { RecordingUpstream } from '../__tests__/recording-upstream';
import { startTestGateway } from '../__tests__/start-test-gateway';

describe('per-org rate limits', () => {
  let ns: TestNamespace;
  let running: Awaited<ReturnType<typeof startTestGateway>>;
  let workflows: RecordingUpstream;
  const get = (path: string, authorization?: string) =>
    axios.get(`${running.baseUrl}${path}`, {
      headers: authorization ? { authorization } : {},
      validateStatus: () => true,
    });

  beforeAll(async () => {
    ns = await createTestNamespace('gateway-rate-limit');
    workflows = await RecordingUpstream.start((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true,"workflows":[]}');
    });
    running = await startTestGateway(ns, { WORKFLOWS_URL: workflows.baseUrl, RATE_LIMIT_PER_MINUTE: '3' });
    // Windows are wall-clock minutes: start early in one, so the test never straddles a reset.
    await waitFor(() => Date.now() % 60_000 < 45_000, { timeoutMs: 20_000, description: 'an early second' });
  });

  afterAll(async () => {
    await running?.close();
    await workflows?.close();
    await ns?.dispose();
  });

  it("counts an org's requests, reports Port's x-ratelimit-* headers, and answers 429 past the limit", async () => {
    const orgA = `Bearer ${testToken('org_limited_a')}`;
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push(await get('/v1/workflows', orgA));
    const now = Math.floor(Date.now() / 1000);

    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429]);
    expect(answers.map((answer) => answer.headers['x-ratelimit-remaining'])).toEqual(['2', '1', '0', '0']);
    for (const answer of answers) {
      expect(answer.headers['x-ratelimit-limit']).toBe('3');
      expect(answer.headers['x-ratelimit-period']).toBe('60');
      const reset = Number(answer.headers['x-ratelimit-reset']);
      expect(reset).toBeGreaterThan(now);
      expect(reset).toBeLessThanOrEqual(now + 60);
    }
    const refused = answers[3];
    expect(refused.data).toEqual({
      ok: false,
      error: 'rate_limit_exceeded',
      message: expect.stringContaining('3 requests per 60 s'),
    });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['x-request-id']).toBeDefined();
    expect(workflows.received).toHaveLength(3); // the refused request never reached the service
  });

  it('gives every org its own budget, whichever actor calls', async () => {
    const orgB = `Bearer ${testToken('org_limited_b', { actorId: 'someone' })}`;
    const sameOrgOtherActor = `Bearer ${testToken('org_limited_b', { actorId: 'someone-else' })}`;
    expect((await get('/v1/workflows', orgB)).headers['x-ratelimit-remaining']).toBe('2');
    expect((await get('/v1/workflows', sameOrgOtherActor)).headers['x-ratelimit-remaining']).toBe('1');
  });

  it('limits callers without a valid token by client IP, and the token endpoint with them', async () => {
    const statuses = [
      (await get('/v1/workflows')).status,
      (await get('/v1/workflows', 'Bearer tampered.token.value')).status,
      (await axios.post(`${running.baseUrl}/v1/auth/access_token`, {}, { validateStatus: () => true }))
        .status,
      (await get('/v1/workflows')).status,
      // Claiming another address buys no fresh budget: this gateway trusts no X-Forwarded-For.
      (
        await axios.get(`${running.baseUrl}/v1/workflows`, {
          headers: { 'x-forwarded-for': '198.51.100.7' },
          validateStatus: () => true,
        })
      ).status,
    ];
    expect(statuses).toEqual([200, 200, 422, 429, 429]);
  });

  it("shares one org's budget between two gateway replicas (one count in PostgreSQL)", async () => {
    const replica = await startTestGateway(ns, {
      WORKFLOWS_URL: workflows.baseUrl,
      RATE_LIMIT_PER_MINUTE: '3',
    });
    try {
      const orgC = `Bearer ${testToken('org_limited_c')}`;
      const viaReplica = (path: string) =>
        axios.get(`${replica.baseUrl}${path}`, {
          headers: { authorization: orgC },
          validateStatus: () => true,
        });
      const answers = [
        await get('/v1/workflows', orgC),
        await viaReplica('/v1/workflows'),
        await get('/v1/workflows', orgC),
        await viaReplica('/v1/workflows'),
        await get('/v1/workflows', orgC),
      ];
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429, 429]);
      expect(answers.map((answer) => answer.headers['x-ratelimit-remaining'])).toEqual([
        '2',
        '1',
        '0',
        '0',
        '0',
      ]);
      expect(new Set(answers.map((answer) => answer.headers['x-ratelimit-reset'])).size).toBe(1);
    } finally {
      await replica.close();
    }
  });

  it('takes a large limit in blocks: concurrent requests share one reservation, none is refused', async () => {
    const large = await startTestGateway(ns, {
      WORKFLOWS_URL: workflows.baseUrl,
      RATE_LIMIT_PER_MINUTE: '1000',
    });
    try {
      const orgD = `Bearer ${testToken('org_limited_d')}`;
      const answers = await Promise.all(
        Array.from({ length: 50 }, () =>
          axios.get(`${large.baseUrl}/v1/workflows`, {
            headers: { authorization: orgD },
            validateStatus: () => true,
          }),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(200));
      const remaining = answers.map((answer) => Number(answer.headers['x-ratelimit-remaining']));
      expect(Math.min(...remaining)).toBe(950);
      // Blocks of 10 (1 % of the limit), reserved one at a time: 50 requests took exactly 5 blocks.
      const rows: unknown = await large.app
        .get(DataSource)
        .query(`select "count" from "${ns.schema}".rate_limit_windows where "key" like '%org_limited_d%'`);
      expect(rows).toEqual([{ count: 50 }]);
    } finally {
      await large.close();
    }
  });

  it('never limits health checks', async () => {
    for (let i = 0; i < 5; i += 1) {
      const live = await get('/health/live');
      expect(live.status).toBe(200);
      expect(live.headers['x-ratelimit-limit']).toBeUndefined();
    }
  });
});
