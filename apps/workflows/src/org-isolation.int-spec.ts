import { testToken, TEST_JWT_SECRET } from '@flowline/testing';
import {
  sampleWorkflow,
  startWorkflowsHarness,
  userToken,
  type WorkflowsHarness,
} from './__tests__/workflows-harness';

const ORG_A = 'org_iso_a';
const ORG_B = 'org_iso_b';
const A_VALUE = 'org-a-only-value-5d1f';

describe('org isolation and authentication', () => {
  let harness: WorkflowsHarness;
  const orgA = () => harness.http(userToken(ORG_A));
  const orgB = () => harness.http(userToken(ORG_B));
  const executorOf = (org: string) =>
    harness.http(testToken(org, { kind: 'service', actorId: 'executor-webhook' }));

  beforeAll(async () => {
    harness = await startWorkflowsHarness('workflows-isolation');
    expect((await orgA().post('/v1/workflows', sampleWorkflow('a-flow'))).status).toBe(201);
    expect(
      (await orgA().post('/v1/workflows/a-flow/nodes/trigger/permissions', { roles: ['admin'] })).status,
    ).toBe(201);
    expect((await orgA().put('/v1/secrets/A_SECRET', { value: A_VALUE })).status).toBe(201);
  });

  afterAll(async () => {
    await harness?.close();
  });

  it("answers 404 to every read, update and delete of another org's workflow", async () => {
    const b = orgB();
    const expect404 = async (request: Promise<{ status: number; data: unknown }>) => {
      const response = await request;
      expect(response.status).toBe(404);
      expect(response.data).toMatchObject({ ok: false, error: 'not_found' });
    };
    await expect404(b.get('/v1/workflows/a-flow'));
    await expect404(b.get('/v1/workflows/a-flow?isDeleted=true'));
    await expect404(b.get('/v1/workflows/a-flow/nodes/trigger'));
    await expect404(b.get('/v1/workflows/a-flow/versions'));
    await expect404(b.get('/v1/workflows/a-flow/versions/1'));
    await expect404(b.put('/v1/workflows/a-flow', sampleWorkflow('a-flow', { title: 'hijacked' })));
    await expect404(b.delete('/v1/workflows/a-flow'));
    await expect404(b.get('/v1/workflows/a-flow/nodes/trigger/permissions'));
    await expect404(b.patch('/v1/workflows/a-flow/nodes/trigger/permissions', { roles: ['member'] }));
    await expect404(b.delete('/v1/workflows/a-flow/nodes/trigger/permissions'));
    expect((await b.get('/v1/workflows')).data.workflows).toEqual([]);
    expect((await b.get('/v1/workflows?isDeleted=true')).data.workflows).toEqual([]);

    const untouched = (await orgA().get('/v1/workflows/a-flow')).data.workflow;
    expect(untouched).toMatchObject({ version: 1, title: 'Deploy a service', isDeleted: false });
    expect((await orgA().get('/v1/workflows/a-flow/nodes/trigger/permissions')).data.permissions).toEqual({
      roles: ['admin'],
    });
  });

  it('lets each org use the same workflow identifier independently', async () => {
    const own = await orgB().post('/v1/workflows', sampleWorkflow('a-flow', { title: 'B’s own' }));
    expect(own.status).toBe(201);
    expect(own.data.workflow).toMatchObject({ orgId: ORG_B, version: 1 });
    expect((await orgA().get('/v1/workflows/a-flow')).data.workflow).toMatchObject({
      orgId: ORG_A,
      version: 1,
    });
  });

  it("answers 404 to reading and deleting another org's secret; a PUT only ever writes the caller's org", async () => {
    expect((await executorOf(ORG_B).get('/internal/v1/secrets/A_SECRET')).status).toBe(404);
    expect((await orgB().delete('/v1/secrets/A_SECRET')).status).toBe(404);
    expect((await orgB().get('/v1/secrets')).data.secrets).toEqual([]);
    // PUT is create-or-replace in the caller's own org: B gets a new secret of its own (201, not a
    // replace), and A's value is untouched.
    const bPut = await orgB().put('/v1/secrets/A_SECRET', { value: 'org-b-value' });
    expect(bPut.status).toBe(201);
    expect((await executorOf(ORG_A).get('/internal/v1/secrets/A_SECRET')).data).toEqual({
      ok: true,
      value: A_VALUE,
    });
    expect((await executorOf(ORG_B).get('/internal/v1/secrets/A_SECRET')).data).toEqual({
      ok: true,
      value: 'org-b-value',
    });
    expect(await harness.sql(`select org_id from secrets where name = 'A_SECRET' order by org_id`)).toEqual([
      { org_id: ORG_A },
      { org_id: ORG_B },
    ]);
  });

  describe('authentication', () => {
    const routes: Array<[string, string]> = [
      ['get', '/v1/workflows'],
      ['get', '/v1/workflows/a-flow'],
      ['post', '/v1/workflows'],
      ['put', '/v1/workflows/a-flow'],
      ['delete', '/v1/workflows/a-flow'],
      ['get', '/v1/workflows/a-flow/versions'],
      ['get', '/v1/workflows/a-flow/nodes/trigger/permissions'],
      ['get', '/v1/secrets'],
      ['put', '/v1/secrets/A_SECRET'],
      ['delete', '/v1/secrets/A_SECRET'],
      ['get', '/internal/v1/secrets/A_SECRET'],
    ];

    function tampered(token: string): string {
      const [header, payload, signature] = token.split('.');
      const flipped = (signature[5] === 'A' ? 'B' : 'A') + signature.slice(6);
      return `${header}.${payload}.${signature.slice(0, 5)}${flipped}`;
    }

    const badTokens: Array<[string, () => string | undefined]> = [
      ['no token', () => undefined],
      ['a tampered signature', () => tampered(userToken(ORG_A))],
      ['a token signed with another secret', () => testToken(ORG_A, { secret: `${TEST_JWT_SECRET}-other` })],
      ['an expired token', () => testToken(ORG_A, { ttlSeconds: -60 })],
      ['a malformed token', () => 'not-a-jwt'],
    ];

    it.each(badTokens)('answers 401 with %s on every route', async (_label, token) => {
      for (const [method, path] of routes) {
        const response = await harness.http(token()).request({ method, url: path, data: { value: 'x' } });
        expect([method, path, response.status]).toEqual([method, path, 401]);
        expect(response.data).toMatchObject({ ok: false, error: 'unauthorized' });
      }
    });

    it('changed nothing while refusing', async () => {
      expect((await orgA().get('/v1/workflows/a-flow')).data.workflow.version).toBe(1);
      expect((await executorOf(ORG_A).get('/internal/v1/secrets/A_SECRET')).data.value).toBe(A_VALUE);
    });

    it('serves health without a token', async () => {
      expect((await harness.http().get('/health/live')).status).toBe(200);
    });
  });
});
