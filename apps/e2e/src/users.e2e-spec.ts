import { type AxiosInstance } from 'axios';
import { LocalOidcIssuer } from '@flowline/testing';
import { gatewayApi } from './harness/gateway-api';
import { waitForRun } from './harness/runs';
import { type CreatedClient, RunningSystem } from './harness/system';

const AUDIENCE = 'flowline-portal';

/** A self-service workflow of one trigger carrying the given permissions (its runs complete at once). */
function workflow(
  identifier: string,
  permissions: Record<string, unknown>,
  options: { allowAnyoneToViewRuns?: boolean; userInputs?: Record<string, unknown> } = {},
) {
  return {
    identifier,
    title: identifier,
    allowAnyoneToViewRuns: options.allowAnyoneToViewRuns ?? false,
    nodes: [
      {
        identifier: 'trigger',
        title: 'Run',
        config: {
          type: 'SELF_SERVE_TRIGGER',
          userInputs: options.userInputs ?? { properties: {} },
          permissions,
        },
      },
    ],
    connections: [],
  };
}

/**
 * Real users behind a portal (issue 11, part 4), every service a process, through the gateway: user
 * tokens from an OpenID Connect issuer (a local one, with a JWKS endpoint), team rules, run visibility,
 * a portal backend acting for a user with `actor-id`, and a dynamic policy that asks the catalog.
 */
describe('users from an identity provider', () => {
  let issuer: LocalOidcIssuer;
  let foreignIssuer: LocalOidcIssuer;
  let system: RunningSystem;
  let orgId: string;
  let admin: CreatedClient;
  let portal: CreatedClient;
  let memberClient: CreatedClient;
  const tokens: Record<'a' | 'b' | 'boss', string> = { a: '', b: '', boss: '' };

  const as = (token: string): AxiosInstance => gatewayApi(system.gatewayUrl, token);
  const userToken = (sub: string, claims: Record<string, unknown>) =>
    issuer.sign({ sub, ...claims }, { audience: AUDIENCE });
  const run = (api: AxiosInstance, workflowId: string, inputs: Record<string, unknown> = {}, headers = {}) =>
    api.post(`/v1/workflows/${workflowId}/runs`, { inputs }, { headers });
  const listedRuns = async (api: AxiosInstance): Promise<string[]> => {
    const answer = await api.get('/v1/workflows/runs', { params: { limit: 1000 } });
    expect(answer.status).toBe(200);
    return (answer.data.workflowRuns as Array<{ identifier: string }>).map((one) => one.identifier);
  };

  beforeAll(async () => {
    issuer = await LocalOidcIssuer.start();
    foreignIssuer = await LocalOidcIssuer.start();
    system = await RunningSystem.start({
      services: ['workflows', 'catalog', 'triggers', 'orchestrator'],
      commonEnv: {
        OIDC_ISSUER: issuer.issuer,
        OIDC_AUDIENCE: AUDIENCE,
        OIDC_ORG_CLAIM: 'org_id',
        OIDC_DEFAULT_ORG: 'org_nobody',
        OIDC_ROLES_CLAIM: 'realm_access.roles',
        OIDC_TEAMS_CLAIM: 'groups',
        OIDC_ADMIN_ROLES: 'portal-admin',
        OIDC_JWKS_COOLDOWN_MS: '0',
      },
    });
    orgId = `org_users_${system.runId}`;
    admin = await system.createClient(orgId, 'admin');
    portal = await system.createClient(orgId, 'portal-backend');
    memberClient = await system.createClient(orgId, 'member');
    const claims = (email: string, roles: string[], groups: string[]) => ({
      email,
      org_id: orgId,
      realm_access: { roles },
      groups,
    });
    tokens.a = await userToken('user-a', claims('a@acme.io', ['developer'], ['Rocket']));
    tokens.b = await userToken('user-b', claims('b@acme.io', ['developer'], ['Apollo']));
    tokens.boss = await userToken('user-boss', claims('boss@acme.io', ['portal-admin'], []));

    const adminApi = as(admin.accessToken);
    const saved = await Promise.all([
      adminApi.post('/v1/workflows', workflow('rocket-only', { teams: ['Rocket'] })),
      adminApi.post(
        '/v1/workflows',
        workflow('open-runs', { roles: ['Member'] }, { allowAnyoneToViewRuns: true }),
      ),
      adminApi.post(
        '/v1/workflows',
        workflow(
          'owners-only',
          {
            policy: {
              queries: {
                owned: {
                  combinator: 'and',
                  rules: [
                    { property: '$blueprint', operator: '=', value: 'service' },
                    { property: '$identifier', operator: '=', value: '{{ .inputs.service }}' },
                    { property: 'owner', operator: '=', value: '{{ .user.email }}' },
                  ],
                },
              },
              conditions: ['.results.owned.entities | length > 0'],
            },
          },
          {
            userInputs: {
              properties: { service: { type: 'string', format: 'entity', blueprint: 'service' } },
              required: ['service'],
            },
          },
        ),
      ),
      adminApi.post('/v1/blueprints', {
        identifier: 'service',
        title: 'Service',
        schema: { properties: { owner: { type: 'string', format: 'email' } } },
      }),
    ]);
    expect(saved.map((answer) => answer.status)).toEqual([201, 201, 201, 201]);
    const entity = await adminApi.post('/v1/blueprints/service/entities', {
      identifier: 'checkout',
      title: 'Checkout',
      properties: { owner: 'a@acme.io' },
    });
    expect(entity.status).toBe(201);
  });

  afterAll(async () => {
    await system?.stop();
    await issuer?.stop();
    await foreignIssuer?.stop();
  });

  it("lets user A run a workflow whose trigger allows A's team, and refuses user B (403)", async () => {
    const byA = await run(as(tokens.a), 'rocket-only');
    expect([byA.status, byA.data.workflowRun.createdBy]).toEqual([201, 'user-a']);
    const byB = await run(as(tokens.b), 'rocket-only');
    expect([byB.status, byB.data]).toEqual([403, expect.objectContaining({ ok: false, error: 'forbidden' })]);
  });

  it('lists to each user the workflows they may run; an admin user sees all', async () => {
    const listed = async (token: string) =>
      ((await as(token).get('/v1/workflows')).data.workflows as Array<{ identifier: string }>)
        .map((one) => one.identifier)
        .sort();
    expect(await listed(tokens.a)).toEqual(['open-runs', 'owners-only', 'rocket-only']);
    expect(await listed(tokens.b)).toEqual(['open-runs', 'owners-only']);
    expect(await listed(tokens.boss)).toEqual(['open-runs', 'owners-only', 'rocket-only']);
  });

  it("hides A's run from B unless the workflow allows anyone to view runs; an admin user sees both", async () => {
    const hidden = (await run(as(tokens.a), 'rocket-only')).data.workflowRun.identifier as string;
    const open = (await run(as(tokens.a), 'open-runs')).data.workflowRun.identifier as string;
    await waitForRun(as(admin.accessToken), hidden);
    await waitForRun(as(admin.accessToken), open);

    expect((await as(tokens.b).get(`/v1/workflows/runs/${hidden}`)).status).toBe(404);
    expect((await as(tokens.b).get(`/v1/workflows/runs/${open}`)).status).toBe(200);
    const seenByB = await listedRuns(as(tokens.b));
    expect([seenByB.includes(hidden), seenByB.includes(open)]).toEqual([false, true]);

    expect((await as(tokens.a).get(`/v1/workflows/runs/${hidden}`)).status).toBe(200);
    const seenByBoss = await listedRuns(as(tokens.boss));
    expect([seenByBoss.includes(hidden), seenByBoss.includes(open)]).toEqual([true, true]);
    expect((await as(tokens.boss).get(`/v1/workflows/runs/${hidden}`)).status).toBe(200);
  });

  it('lets a portal backend act for user A with actor-id, and refuses actor-id from anyone else', async () => {
    const actingForA = { 'actor-id': 'user-a', 'actor-email': 'a@acme.io', 'actor-teams': 'Rocket' };
    const byPortal = await run(as(portal.accessToken), 'rocket-only', {}, actingForA);
    expect([byPortal.status, byPortal.data.workflowRun.createdBy]).toEqual([201, 'user-a']);
    const runId = byPortal.data.workflowRun.identifier as string;
    await waitForRun(as(admin.accessToken), runId);
    // The run is A's: A sees it, B does not; the portal reads it as A too.
    expect((await as(tokens.a).get(`/v1/workflows/runs/${runId}`)).status).toBe(200);
    expect((await as(tokens.b).get(`/v1/workflows/runs/${runId}`)).status).toBe(404);
    expect(
      (await as(portal.accessToken).get(`/v1/workflows/runs/${runId}`, { headers: actingForA })).status,
    ).toBe(200);
    const actingForB = { 'actor-id': 'user-b', 'actor-teams': 'Apollo' };
    expect((await run(as(portal.accessToken), 'rocket-only', {}, actingForB)).status).toBe(403);

    expect((await run(as(memberClient.accessToken), 'rocket-only', {}, actingForA)).status).toBe(403);
    expect((await run(as(tokens.b), 'rocket-only', {}, actingForA)).status).toBe(403);
  });

  it('admits the owner of the chosen entity by a dynamic policy (catalog query), refuses another user', async () => {
    const byOwner = await run(as(tokens.a), 'owners-only', { service: 'checkout' });
    expect([byOwner.status, byOwner.data.workflowRun.createdBy]).toEqual([201, 'user-a']);
    const byOther = await run(as(tokens.b), 'owners-only', { service: 'checkout' });
    expect([byOther.status, byOther.data.error]).toEqual([403, 'forbidden']);
    const unknownEntity = await run(as(tokens.a), 'owners-only', { service: 'payments' });
    expect(unknownEntity.status).toBe(403);
  });

  it('refuses a token from another issuer, an expired one and one with a bad signature (401)', async () => {
    const claims = { sub: 'user-a', org_id: orgId, groups: ['Rocket'] };
    const refused = [
      await foreignIssuer.sign(claims, { audience: AUDIENCE }),
      await issuer.sign(claims, { audience: AUDIENCE, expiresInSeconds: -3600 }),
      await issuer.sign(claims, { audience: AUDIENCE, forgeSignature: true }),
      await issuer.sign(claims, { audience: 'another-app' }),
    ];
    for (const token of refused) {
      const answer = await as(token).get('/v1/workflows');
      expect([answer.status, answer.data.ok]).toEqual([401, false]);
      expect((await run(as(token), 'rocket-only')).status).toBe(401);
    }
  });

  it("accepts tokens signed with the issuer's new key after a rotation", async () => {
    await issuer.rotateKey({ retireOld: true });
    const rotated = await userToken('user-a', { org_id: orgId, groups: ['Rocket'], email: 'a@acme.io' });
    expect((await as(rotated).get('/v1/workflows')).status).toBe(200);
    expect((await run(as(rotated), 'rocket-only')).status).toBe(201);
  });
});
