import {
  sampleWorkflow,
  startWorkflowsHarness,
  userToken,
  type WorkflowsHarness,
} from '../__tests__/workflows-harness';

const ORG = 'org_perm_a';
const PATH = '/v1/workflows/guarded/nodes/trigger/permissions';

describe('node permissions API against real PostgreSQL', () => {
  let harness: WorkflowsHarness;
  const api = () => harness.http(userToken(ORG));

  beforeAll(async () => {
    harness = await startWorkflowsHarness('workflows-permissions');
    expect((await api().post('/v1/workflows', sampleWorkflow('guarded'))).status).toBe(201);
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('starts empty, then stores, returns, patches and removes the permissions of a self-service trigger', async () => {
    expect((await api().get(PATH)).data).toEqual({ ok: true, workflow: {}, permissions: {} });

    const rules = {
      combinator: 'and',
      rules: [
        { property: { context: 'user', property: 'department' }, operator: '=', value: 'engineering' },
        { property: { context: 'form', property: 'environment' }, operator: 'in', value: ['dev', 'staging'] },
        { property: { context: 'userTeams', property: 'name' }, operator: 'notEmpty' },
      ],
    };
    const created = await api().post(PATH, rules);
    expect(created.status).toBe(201);
    expect(created.data).toEqual({ ok: true, workflow: rules, permissions: rules });
    expect((await api().get(PATH)).data).toEqual({ ok: true, workflow: rules, permissions: rules });

    const patched = await api().patch(PATH, { roles: ['admin'], users: ['dev@example.com'] });
    expect(patched.status).toBe(200);
    expect(patched.data.permissions).toEqual({ ...rules, roles: ['admin'], users: ['dev@example.com'] });

    const replaced = await api().post(PATH, { teams: ['platform'] });
    expect(replaced.data.permissions).toEqual({ teams: ['platform'] });

    expect((await api().delete(PATH)).data).toEqual({ ok: true });
    expect((await api().get(PATH)).data).toEqual({ ok: true, workflow: {}, permissions: {} });
  });

  it('keeps the permissions across new versions of the workflow', async () => {
    await api().post(PATH, { users: ['keep@example.com'] });
    await api().put('/v1/workflows/guarded', sampleWorkflow('guarded', { title: 'v2' }));
    expect((await api().get(PATH)).data.permissions).toEqual({ users: ['keep@example.com'] });
  });

  it('refuses a malformed body with the path of each bad field', async () => {
    const response = await api().post(PATH, {
      combinator: 'xor',
      rules: [
        { property: { context: 'planet', property: 'x' }, operator: 'like', value: 1 },
        { operator: '=' },
      ],
      extra: true,
    });
    expect(response.status).toBe(422);
    const paths = response.data.details.map((p: { path: string }) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'combinator',
        'rules[0].property.context',
        'rules[0].operator',
        'rules[1].property',
        'rules[1].value',
        'extra',
      ]),
    );
  });

  it('refuses rules given as arrays of arrays, and values nested in arrays, with their paths', async () => {
    const rule = { property: { context: 'user', property: 'department' }, operator: '=', value: 'x' };
    const nested = await api().post(PATH, { combinator: 'and', rules: [[rule]] });
    expect(nested.status).toBe(422);
    expect(nested.data.details).toEqual([
      expect.objectContaining({ path: 'rules', message: expect.stringContaining('not an array') }),
    ]);
    const nestedValue = await api().post(PATH, { rules: [{ ...rule, operator: 'in', value: [['a'], 'b'] }] });
    expect(nestedValue.status).toBe(422);
    expect(nestedValue.data.details.map((p: { path: string }) => p.path)).toContain('rules[0].value');
    expect((await api().get(PATH)).data.permissions).not.toHaveProperty('rules');
  });

  it('applies to SELF_SERVE_TRIGGER nodes only, of live workflows', async () => {
    const condition = await api().post('/v1/workflows/guarded/nodes/check-env/permissions', {
      roles: ['admin'],
    });
    expect(condition.status).toBe(422);
    expect(condition.data.message).toContain('SELF_SERVE_TRIGGER');
    expect((await api().get('/v1/workflows/guarded/nodes/missing/permissions')).status).toBe(404);
    expect((await api().get('/v1/workflows/missing/nodes/trigger/permissions')).status).toBe(404);
  });

  it('lets members read but only admins write', async () => {
    const member = harness.http(userToken(ORG, ['member']));
    expect((await member.get(PATH)).status).toBe(200);
    expect((await member.patch(PATH, { roles: ['member'] })).status).toBe(403);
    expect((await member.delete(PATH)).status).toBe(403);
  });
});
