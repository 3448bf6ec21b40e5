import { testToken } from '@flowline/testing';
import {
  sampleWorkflow,
  startWorkflowsHarness,
  userToken,
  type WorkflowsHarness,
} from '../__tests__/workflows-harness';

const ORG = 'org_wf_a';

describe('workflows API against real PostgreSQL', () => {
  let harness: WorkflowsHarness;
  const api = () => harness.http(userToken(ORG));

  beforeAll(async () => {
    harness = await startWorkflowsHarness('workflows-api');
  });

  afterAll(async () => {
    await harness?.close();
  });

  describe('POST /v1/workflows', () => {
    it('creates version 1 and answers in the full normalised form with the server fields', async () => {
      const response = await api().post('/v1/workflows', sampleWorkflow('create-me'));
      expect(response.status).toBe(201);
      expect(response.data).toEqual({
        ok: true,
        workflow: {
          identifier: 'create-me',
          title: 'Deploy a service',
          icon: 'Deployment',
          allowAnyoneToViewRuns: true,
          nodes: [
            { ...(sampleWorkflow('create-me')['nodes'] as object[])[0], variables: {} },
            {
              identifier: 'check-env',
              config: {
                type: 'CONDITION',
                options: [
                  { identifier: 'production', expression: '.outputs.trigger.environment == "production"' },
                ],
                conditions: [
                  {
                    title: null,
                    expression: '.outputs.trigger.environment == "production"',
                    connectionIdentifier: 'connection-2',
                  },
                ],
                defaultConnectionIdentifier: null,
              },
              variables: {},
            },
            {
              identifier: 'deploy',
              config: {
                type: 'WEBHOOK',
                url: 'https://deploy.example.com/hooks',
                headers: { authorization: 'Bearer {{ .secrets.DEPLOY_TOKEN }}' },
                method: 'POST',
                synchronized: true,
              },
              variables: {},
            },
          ],
          connections: [
            { identifier: 'connection-1', sourceIdentifier: 'trigger', targetIdentifier: 'check-env' },
            {
              identifier: 'connection-2',
              sourceIdentifier: 'check-env',
              targetIdentifier: 'deploy',
              sourceOptionIdentifier: 'production',
            },
          ],
          orgId: ORG,
          version: 1,
          createdBy: `user@${ORG}`,
          updatedBy: `user@${ORG}`,
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
          isDeleted: false,
        },
      });
      expect(response.data.workflow.createdAt).toBe(response.data.workflow.updatedAt);
    });

    it('stores a workflow without nodes as a draft', async () => {
      const response = await api().post('/v1/workflows', { identifier: 'a-draft' });
      expect(response.status).toBe(201);
      expect(response.data.workflow).toMatchObject({ identifier: 'a-draft', nodes: [], connections: [] });
      const empty = await api().post('/v1/workflows', { identifier: 'no-trigger', nodes: [] });
      expect(empty.data.details).toEqual([expect.objectContaining({ code: 'NO_TRIGGER' })]);
    });

    it('answers 409 for an identifier the org already has', async () => {
      await api().post('/v1/workflows', sampleWorkflow('twice'));
      const again = await api().post('/v1/workflows', sampleWorkflow('twice', { title: 'other' }));
      expect(again.status).toBe(409);
      expect(again.data).toEqual({
        ok: false,
        error: 'conflict',
        message: expect.stringContaining('"twice"'),
      });
      expect((await api().get('/v1/workflows/twice')).data.workflow.title).toBe('Deploy a service');
    });

    it('answers 422 with every problem of the definition, each at its path', async () => {
      const bad = sampleWorkflow('broken');
      const nodes = bad['nodes'] as Array<{ config: Record<string, unknown> }>;
      nodes[1].config['outlets'] = [{ identifier: 'production', expression: '.outputs.trigger | ((' }];
      nodes[2].config['method'] = 'TELEPORT';
      (bad['connections'] as unknown[]).push({ sourceIdentifier: 'deploy', targetIdentifier: 'nowhere' });
      const response = await api().post('/v1/workflows', bad);
      expect(response.status).toBe(422);
      expect(response.data).toMatchObject({
        ok: false,
        error: 'invalid_request',
        message: expect.any(String),
      });
      expect(response.data.details).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: 'nodes[1].config.outlets[0].expression', code: 'JQ_SYNTAX' }),
          expect.objectContaining({ path: 'nodes[2].config.method' }),
          expect.objectContaining({
            path: 'connections[2].targetIdentifier',
            code: 'UNKNOWN_CONNECTION_NODE',
          }),
        ]),
      );
      expect((await api().get('/v1/workflows/broken')).status).toBe(404);
    });

    it('answers 422 for a body that is not a workflow at all, and 400 for one that is not JSON', async () => {
      const empty = await api().post('/v1/workflows', {});
      expect(empty.status).toBe(422);
      expect(empty.data.details.map((p: { path: string }) => p.path)).toEqual(['identifier']);
      const notAnObject = await api().post('/v1/workflows', [1]);
      expect(notAnObject.status).toBe(422);
      const notJson = await api().post('/v1/workflows', '{"identifier": ', {
        headers: { 'content-type': 'application/json' },
      });
      expect(notJson.status).toBe(400);
      expect(notJson.data).toEqual({
        ok: false,
        error: 'bad_request',
        message: 'the request body is not valid JSON',
      });
    });

    it("refuses a KAFKA node whose literal topic is another org's, at save, with its path", async () => {
      const withTopic = (topic: string) =>
        sampleWorkflow('kafka-topic', {
          nodes: [
            { identifier: 'trigger', config: { type: 'SELF_SERVE_TRIGGER', userInputs: { properties: {} } } },
            { identifier: 'publish', config: { type: 'KAFKA', payload: { a: 1 }, topic } },
          ],
          connections: [{ sourceIdentifier: 'trigger', targetIdentifier: 'publish' }],
        });
      const foreign = await api().post('/v1/workflows', withTopic('org_other.runs'));
      expect(foreign.status).toBe(422);
      expect(foreign.data.details).toEqual([
        expect.objectContaining({
          path: 'nodes[1].config.topic',
          message: expect.stringContaining('outside'),
        }),
      ]);
      const reserved = await api().post('/v1/workflows', withTopic('flowline.nodes.completed.v1'));
      expect(reserved.status).toBe(422);
      expect((await api().get('/v1/workflows/kafka-topic')).status).toBe(404);
      expect((await api().post('/v1/workflows', withTopic(`${ORG}.deploys`))).status).toBe(201);
      const templated = await api().put(
        '/v1/workflows/kafka-topic',
        withTopic(`${ORG}.{{ .outputs.trigger.x }}`),
      );
      expect(templated.status).toBe(200);
    });

    it('needs the admin role to write', async () => {
      const member = harness.http(userToken(ORG, ['member']));
      expect((await member.post('/v1/workflows', sampleWorkflow('by-member'))).status).toBe(403);
      await api().post('/v1/workflows', sampleWorkflow('readable'));
      expect((await member.get('/v1/workflows/readable')).status).toBe(200);
    });
  });

  describe('the list, for a caller who is not an admin', () => {
    const triggerWith = (permissions: Record<string, unknown>) => {
      const workflow = sampleWorkflow('x');
      const [trigger, ...rest] = workflow['nodes'] as Array<Record<string, unknown>>;
      const config = { ...(trigger['config'] as Record<string, unknown>), permissions };
      return { nodes: [{ ...trigger, config }, ...rest] };
    };

    it('leaves out the self-service workflows the caller may not run', async () => {
      await api().post('/v1/workflows', sampleWorkflow('for-rocket', triggerWith({ teams: ['Rocket'] })));
      await api().post('/v1/workflows', sampleWorkflow('for-apollo', triggerWith({ teams: ['Apollo'] })));
      await api().post(
        '/v1/workflows',
        sampleWorkflow('stored-for-rocket', triggerWith({ roles: ['Admin'] })),
      );
      await api().patch('/v1/workflows/stored-for-rocket/nodes/trigger/permissions', { teams: ['rocket'] });
      await api().post(
        '/v1/workflows',
        sampleWorkflow('by-policy', triggerWith({ policy: { queries: {}, conditions: ['true'] } })),
      );

      const listed = async (token: string) =>
        ((await harness.http(token).get('/v1/workflows')).data.workflows as Array<{ identifier: string }>)
          .map((workflow) => workflow.identifier)
          .filter((identifier) =>
            ['for-rocket', 'for-apollo', 'stored-for-rocket', 'by-policy'].includes(identifier),
          )
          .sort();
      const rocketeer = testToken(ORG, { roles: ['member'], actorId: 'u-rocket', teams: ['Rocket'] });
      const loner = testToken(ORG, { roles: ['member'], actorId: 'u-alone' });
      expect(await listed(rocketeer)).toEqual(['by-policy', 'for-rocket', 'stored-for-rocket']);
      expect(await listed(loner)).toEqual(['by-policy']);
      expect(await listed(userToken(ORG, ['admin']))).toEqual([
        'by-policy',
        'for-apollo',
        'for-rocket',
        'stored-for-rocket',
      ]);
    });
  });

  describe('body size limits', () => {
    it('refuses a body over the request limit with 413 in the envelope', async () => {
      const huge = sampleWorkflow('huge', { description: 'x'.repeat(2100 * 1024) });
      const response = await api().post('/v1/workflows', huge);
      expect(response.status).toBe(413);
      expect(response.data).toMatchObject({ ok: false, error: 'payload_too_large' });
      expect(response.data.message).toContain(`${2 * 1024 * 1024} bytes`);
    });

    it('reports a definition over the schema limit as 422 DEFINITION_TOO_LARGE', async () => {
      const large = sampleWorkflow('large', { description: 'x'.repeat(600 * 1024) });
      const response = await api().post('/v1/workflows', large);
      expect(response.status).toBe(422);
      expect(response.data.details).toEqual([expect.objectContaining({ code: 'DEFINITION_TOO_LARGE' })]);
    });

    it('accepts a large definition within the limits', async () => {
      const big = sampleWorkflow('big', { description: 'x'.repeat(400 * 1024) });
      expect((await api().post('/v1/workflows', big)).status).toBe(201);
    });
  });

  describe('GET /v1/workflows and /v1/workflows/{id}', () => {
    beforeAll(async () => {
      await api().post('/v1/workflows', sampleWorkflow('listed'));
    });

    it('gets one workflow, in the API form or the canonical one', async () => {
      const saved = await api().get('/v1/workflows/listed');
      expect(saved.status).toBe(200);
      expect(saved.data.workflow.nodes[1].config.conditions).toHaveLength(1);
      const canonical = await api().get('/v1/workflows/listed?canonical=true');
      expect(canonical.data.workflow.nodes[1].config.options).toHaveLength(1);
      expect(canonical.data.workflow.nodes[1].config.outlets).toBeUndefined();
      expect(canonical.data.workflow.connections[1]).toMatchObject({
        identifier: 'connection-2',
        sourceOptionIdentifier: 'production',
      });
    });

    it('lists the latest version of every live workflow', async () => {
      const response = await api().get('/v1/workflows');
      expect(response.status).toBe(200);
      expect(response.data.ok).toBe(true);
      const listed = response.data.workflows.find((w: { identifier: string }) => w.identifier === 'listed');
      expect(listed).toMatchObject({ version: 1, orgId: ORG, isDeleted: false });
    });

    it('answers 404 for an unknown workflow and 422 for a bad query', async () => {
      expect((await api().get('/v1/workflows/nope')).data).toEqual({
        ok: false,
        error: 'not_found',
        message: 'workflow "nope" was not found',
      });
      expect((await api().get('/v1/workflows?isDeleted=maybe')).status).toBe(422);
    });

    it('gets one node under `workflow`, as Port does', async () => {
      const response = await api().get('/v1/workflows/listed/nodes/check-env');
      expect(response.status).toBe(200);
      expect(response.data).toEqual({
        ok: true,
        workflow: expect.objectContaining({
          identifier: 'check-env',
          config: expect.objectContaining({ type: 'CONDITION', defaultConnectionIdentifier: null }),
          variables: {},
        }),
      });
      expect((await api().get('/v1/workflows/listed/nodes/missing')).status).toBe(404);
      expect((await api().get('/v1/workflows/nope/nodes/trigger')).status).toBe(404);
    });
  });

  describe('PUT /v1/workflows/{id} and versions', () => {
    it('stores each save as a new immutable version', async () => {
      await api().post('/v1/workflows', sampleWorkflow('versioned', { title: 'first' }));
      const second = await api().put(
        '/v1/workflows/versioned',
        sampleWorkflow('versioned', { title: 'second' }),
      );
      expect(second.status).toBe(200);
      expect(second.data.workflow).toMatchObject({ version: 2, title: 'second' });
      const third = await api().put(
        '/v1/workflows/versioned',
        sampleWorkflow('versioned', { title: 'third' }),
      );
      expect(third.data.workflow).toMatchObject({ version: 3, title: 'third' });
      expect(third.data.workflow.createdAt < third.data.workflow.updatedAt).toBe(true);

      expect((await api().get('/v1/workflows/versioned')).data.workflow).toMatchObject({
        version: 3,
        title: 'third',
      });
      const versions = await api().get('/v1/workflows/versioned/versions');
      expect(versions.status).toBe(200);
      expect(versions.data.versions.map((v: { version: number }) => v.version)).toEqual([1, 2, 3]);
      expect(versions.data.versions[0]).toEqual({
        identifier: 'versioned',
        version: 1,
        createdBy: `user@${ORG}`,
        createdAt: expect.any(String),
      });
      for (const [n, title] of [
        [1, 'first'],
        [2, 'second'],
        [3, 'third'],
      ] as const) {
        const one = await api().get(`/v1/workflows/versioned/versions/${n}`);
        expect(one.status).toBe(200);
        expect(one.data.workflow).toMatchObject({ identifier: 'versioned', version: n, title });
      }
      expect((await api().get('/v1/workflows/versioned/versions/4')).status).toBe(404);
      expect((await api().get('/v1/workflows/versioned/versions/one')).status).toBe(422);
    });

    it('takes back a workflow it served (server fields and all) as the next version', async () => {
      await api().post('/v1/workflows', sampleWorkflow('round-trip'));
      const fetched = (await api().get('/v1/workflows/round-trip')).data.workflow;
      const saved = await api().put('/v1/workflows/round-trip', { ...fetched, title: 'edited' });
      expect(saved.status).toBe(200);
      expect(saved.data.workflow).toMatchObject({
        version: 2,
        title: 'edited',
        createdAt: fetched.createdAt,
      });
    });

    it('answers 404 for an unknown workflow and 422 for a bad definition or another identifier', async () => {
      expect((await api().put('/v1/workflows/ghost', sampleWorkflow('ghost'))).status).toBe(404);
      await api().post('/v1/workflows', sampleWorkflow('put-checks'));
      const other = await api().put('/v1/workflows/put-checks', sampleWorkflow('someone-else'));
      expect(other.status).toBe(422);
      expect(other.data.details).toEqual([expect.objectContaining({ path: 'identifier' })]);
      const bad = await api().put('/v1/workflows/put-checks', sampleWorkflow('put-checks', { nodes: [] }));
      expect(bad.status).toBe(422);
      expect(bad.data.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ code: 'NO_TRIGGER' })]),
      );
      expect((await api().get('/v1/workflows/put-checks')).data.workflow.version).toBe(1);
    });
  });

  describe('DELETE /v1/workflows/{id}', () => {
    it('deletes softly: 404 on reads unless ?isDeleted=true; versions stay; the identifier can be reused', async () => {
      await api().post('/v1/workflows', sampleWorkflow('doomed'));
      await api().put('/v1/workflows/doomed', sampleWorkflow('doomed', { title: 'v2' }));
      const deleted = await api().delete('/v1/workflows/doomed');
      expect(deleted.status).toBe(200);
      expect(deleted.data.workflow).toMatchObject({
        identifier: 'doomed',
        version: 2,
        isDeleted: true,
        deletedAt: expect.any(String),
        deletedBy: `user@${ORG}`,
      });

      expect((await api().get('/v1/workflows/doomed')).status).toBe(404);
      expect((await api().get('/v1/workflows/doomed/versions')).status).toBe(404);
      expect((await api().get('/v1/workflows/doomed/nodes/trigger')).status).toBe(404);
      expect((await api().put('/v1/workflows/doomed', sampleWorkflow('doomed'))).status).toBe(404);
      expect((await api().delete('/v1/workflows/doomed')).status).toBe(404);
      expect((await api().get('/v1/workflows/doomed?isDeleted=true')).data.workflow).toMatchObject({
        isDeleted: true,
      });
      expect((await api().get('/v1/workflows/doomed/versions/1?isDeleted=true')).status).toBe(200);

      const live = (await api().get('/v1/workflows')).data.workflows.map(
        (w: { identifier: string }) => w.identifier,
      );
      expect(live).not.toContain('doomed');
      const gone = (await api().get('/v1/workflows?isDeleted=true')).data.workflows;
      expect(gone.map((w: { identifier: string }) => w.identifier)).toEqual(['doomed']);

      const revived = await api().post('/v1/workflows', sampleWorkflow('doomed', { title: 'back' }));
      expect(revived.status).toBe(201);
      expect(revived.data.workflow).toMatchObject({ version: 3, title: 'back', isDeleted: false });
      expect((await api().get('/v1/workflows/doomed/versions/2')).data.workflow.title).toBe('v2');
    });
  });
});
