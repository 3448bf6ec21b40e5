import { testToken } from '@flowline/testing';
import { adminToken, OrchestratorHarness } from '../__tests__/orchestrator-harness';

const ORG = 'org_queries';

type Json = Record<string, unknown>;

/** A run that completes at once: trigger → condition whose only option is false (the branch ends). */
function quickFlow(identifier: string, allowAnyoneToViewRuns: boolean): Json {
  return {
    identifier,
    allowAnyoneToViewRuns,
    nodes: [
      { identifier: 'trigger', config: { type: 'SELF_SERVE_TRIGGER', userInputs: { properties: {} } } },
      {
        identifier: 'gate',
        config: { type: 'CONDITION', options: [{ identifier: 'never', expression: 'false' }] },
      },
      { identifier: 'unreached', config: { type: 'WEBHOOK', url: 'https://x.example.com' } },
    ],
    connections: [
      { sourceIdentifier: 'trigger', targetIdentifier: 'gate' },
      { sourceIdentifier: 'gate', targetIdentifier: 'unreached', sourceOptionIdentifier: 'never' },
    ],
  };
}

const member = (actorId: string) => testToken(ORG, { actorId, roles: ['member'], kind: 'user' });

describe('reading runs: visibility, filters, and the internal status endpoint', () => {
  let h: OrchestratorHarness;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await OrchestratorHarness.start('orchestrator-queries');
    const alice = { actorId: 'alice', kind: 'user' as const };
    const bob = { actorId: 'bob', kind: 'user' as const };
    const runs: Array<[string, Json, typeof alice, number]> = [
      ['alicePrivate', quickFlow('private-flow', false), alice, 1],
      ['bobPrivate', quickFlow('private-flow', false), bob, 2],
      ['alicePublic', quickFlow('public-flow', true), alice, 1],
    ];
    for (const [name, definition, by, version] of runs) {
      ids[name] = (await h.requestRun(ORG, definition, { by, version })).runId;
      await h.waitForRun(ORG, ids[name], (run) => run['status'] === 'COMPLETED');
    }
  });

  afterAll(async () => {
    await h?.close();
  });

  const listed = async (token: string, query = '') => {
    const response = await h.http(token).get(`/v1/workflows/runs${query}`);
    expect(response.status).toBe(200);
    return (response.data.workflowRuns as Json[]).map((run) => run['identifier']);
  };

  it('shows a member only runs they created or that anyone may view; the list filters silently', async () => {
    expect((await listed(member('alice'))).sort()).toEqual([ids['alicePrivate'], ids['alicePublic']].sort());
    expect((await listed(member('bob'))).sort()).toEqual([ids['bobPrivate'], ids['alicePublic']].sort());
    expect(await listed(member('carol'))).toEqual([ids['alicePublic']]);
    expect((await h.http(member('carol')).get(`/v1/workflows/runs/${ids['alicePrivate']}`)).status).toBe(404);
    expect((await h.http(member('alice')).get(`/v1/workflows/runs/${ids['alicePrivate']}`)).status).toBe(200);
    expect((await h.http(member('carol')).get(`/v1/workflows/runs/${ids['alicePublic']}`)).status).toBe(200);
  });

  it('shows admins and machine actors every run of their org', async () => {
    expect(await listed(adminToken(ORG))).toHaveLength(3);
    const machine = testToken(ORG, { kind: 'machine', actorId: 'ci', roles: ['member'] });
    expect(await listed(machine)).toHaveLength(3);
    expect((await h.http(machine).get(`/v1/workflows/runs/${ids['bobPrivate']}`)).status).toBe(200);
  });

  it('lists newest first with node runs and variables, and pages with limit and offset', async () => {
    const response = await h.http(adminToken(ORG)).get('/v1/workflows/runs?limit=2');
    expect(response.data.workflowRuns.map((run: Json) => run['identifier'])).toEqual([
      ids['alicePublic'],
      ids['bobPrivate'],
    ]);
    expect(response.data.workflowRuns[0]).toMatchObject({
      status: 'COMPLETED',
      result: 'SUCCESS',
      workflow: { identifier: 'public-flow', version: 1 },
      createdBy: 'alice',
    });
    expect(response.data.workflowRuns[0]).toEqual(
      expect.objectContaining({
        variables: { outputs: expect.any(Object) },
        nodeRuns: expect.arrayContaining([
          expect.objectContaining({
            identifier: expect.stringMatching(/^wfnr_/),
            nodeRunLogs: expect.any(Array),
          }),
        ]),
      }),
    );
    expect(await listed(adminToken(ORG), '?limit=2&offset=2')).toEqual([ids['alicePrivate']]);
    expect((await h.http(adminToken(ORG)).get('/v1/workflows/runs?limit=1001')).status).toBe(422);
    expect((await h.http(adminToken(ORG)).get('/v1/workflows/runs?limit=0')).status).toBe(422);
  });

  it('filters by ids, workflows, versions, creator, statuses and results, with x[]= and repeated x=', async () => {
    const admin = adminToken(ORG);
    expect((await listed(admin, '?workflowIdentifiers[]=private-flow')).sort()).toEqual(
      [ids['alicePrivate'], ids['bobPrivate']].sort(),
    );
    expect(await listed(admin, '?workflowIdentifiers=private-flow&workflowVersions=2')).toEqual([
      ids['bobPrivate'],
    ]);
    expect(await listed(admin, '?workflowVersions[]=2&workflowVersions[]=3')).toEqual([ids['bobPrivate']]);
    expect(
      (
        await listed(
          admin,
          `?workflowRunIdentifiers=${ids['alicePrivate']}&workflowRunIdentifiers=${ids['bobPrivate']}`,
        )
      ).sort(),
    ).toEqual([ids['alicePrivate'], ids['bobPrivate']].sort());
    expect((await listed(admin, '?createdBy=alice')).sort()).toEqual(
      [ids['alicePrivate'], ids['alicePublic']].sort(),
    );
    expect(await listed(admin, '?statuses[]=IN_PROGRESS')).toEqual([]);
    expect(await listed(admin, '?statuses[]=COMPLETED&results[]=SUCCESS')).toHaveLength(3);
    expect(await listed(admin, '?results=FAILED')).toEqual([]);
    const bad = await h.http(admin).get('/v1/workflows/runs?statuses[]=DONE');
    expect(bad.status).toBe(422);
    expect(bad.data.details).toEqual([expect.objectContaining({ path: 'statuses' })]);
  });

  it('answers the triggers service whether a run exists yet, to Flowline services only', async () => {
    const service = h.http(testToken(ORG, { kind: 'service', actorId: 'triggers' }));
    expect((await service.get(`/internal/v1/runs/${ids['alicePrivate']}`)).data).toEqual({
      ok: true,
      exists: true,
      status: 'COMPLETED',
      result: 'SUCCESS',
    });
    expect((await service.get('/internal/v1/runs/wfr_AAAAAAAAAAAAAAAA')).data).toEqual({
      ok: true,
      exists: false,
      status: null,
      result: null,
    });
    const otherOrg = h.http(testToken('org_elsewhere', { kind: 'service', actorId: 'triggers' }));
    expect((await otherOrg.get(`/internal/v1/runs/${ids['alicePrivate']}`)).data.exists).toBe(false);
    expect((await h.http(adminToken(ORG)).get(`/internal/v1/runs/${ids['alicePrivate']}`)).status).toBe(403);
  });
});
