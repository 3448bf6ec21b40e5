import { createHmac } from 'node:crypto';
import { type AxiosInstance } from 'axios';
import { type RecordedRequest, RecordingSink, waitFor } from '@flowline/testing';
import {
  createAction,
  runAction,
  selfService,
  SERVICE_BLUEPRINT,
  waitForActionRun,
} from './harness/action-api';
import { gatewayApi } from './harness/gateway-api';
import { RunningSystem } from './harness/system';

type Json = Record<string, unknown>;
const ORG = 'org_e2e_actions';

/**
 * Port's self-service actions on Flowline's engine, every service a process behind the gateway: webhook
 * actions (sync and async) reaching their target with Port's payload and headers, action runs reported on and
 * ended by PATCH or by a terminating log line, DAY-2 actions on a catalog entity, and the 422 that
 * lists every bad property.
 */
describe('self-service actions through the whole system', () => {
  let system: RunningSystem;
  let sink: RecordingSink;
  let api: AxiosInstance;

  beforeAll(async () => {
    sink = await RecordingSink.start();
    system = await RunningSystem.start({
      services: ['workflows', 'catalog', 'triggers', 'orchestrator', 'executor-webhook'],
    });
    api = gatewayApi(system.gatewayUrl, (await system.createClient(ORG)).accessToken);
    const blueprint = await api.post('/v1/blueprints', SERVICE_BLUEPRINT);
    expect(blueprint.status).toBe(201);
    const entity = await api.post('/v1/blueprints/service/entities', {
      identifier: 'checkout',
      title: 'Checkout',
      properties: { tier: 'gold', version: '1.0.0' },
    });
    expect(entity.status).toBe(201);
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
    await sink?.close();
  });

  function callFor(route: string, runId: string): Promise<RecordedRequest> {
    return waitFor(() => sink.calls(route).find((call) => call.body.includes(runId)), {
      timeoutMs: 30_000,
      description: `a call to ${route} for ${runId}`,
    });
  }

  describe('definitions', () => {
    it('creates, reads, lists, replaces and deletes an action in Port’s envelopes', async () => {
      const action = {
        identifier: 'crud-action',
        title: 'CRUD action',
        icon: 'Rocket',
        description: 'kept as written',
        trigger: selfService({ properties: { name: { type: 'string' } }, required: ['name'] }),
        invocationMethod: { type: 'WEBHOOK', url: `${sink.baseUrl}/crud` },
        requiredApproval: false,
        publish: true,
      };
      await createAction(api, action);
      const read = await api.get('/v1/actions/crud-action');
      expect(read.status).toBe(200);
      expect(read.data).toEqual({ ok: true, action: expect.objectContaining(action) });
      expect(read.data.action).toMatchObject({
        createdBy: expect.any(String),
        createdAt: expect.any(String),
      });
      expect((await api.post('/v1/actions', action)).status).toBe(409);

      const listed = await api.get('/v1/actions');
      expect(listed.data.actions.map((one: Json) => one['identifier'])).toContain('crud-action');

      const replaced = await api.put('/v1/actions/crud-action', { ...action, title: 'Renamed' });
      expect([replaced.status, replaced.data.action.title]).toEqual([200, 'Renamed']);
      // It runs as a versioned workflow of the engine.
      const workflow = await api.get('/v1/workflows/action:crud-action');
      expect(workflow.data.workflow).toMatchObject({ version: 2, title: 'Renamed' });

      const permissions = await api.patch('/v1/actions/crud-action/permissions', {
        execute: { roles: ['admin'], users: ['dev@example.com'], teams: [] },
        approve: { roles: [], users: ['lead@example.com'], teams: ['platform'] },
      });
      expect(permissions.status).toBe(200);
      expect((await api.get('/v1/actions/crud-action/permissions')).data).toEqual({
        ok: true,
        permissions: {
          execute: { roles: ['admin'], users: ['dev@example.com'], teams: [] },
          approve: { roles: [], users: ['lead@example.com'], teams: ['platform'] },
        },
      });

      expect((await api.delete('/v1/actions/crud-action')).status).toBe(200);
      expect((await api.get('/v1/actions/crud-action')).status).toBe(404);
    });

    it('refuses a bad definition with 422 and the path of every problem', async () => {
      const answer = await api.post('/v1/actions', {
        identifier: 'bad action!',
        trigger: { type: 'self-service', operation: 'LATER', userInputs: {} },
        invocationMethod: { type: 'CARRIER_PIGEON' },
      });
      expect(answer.status).toBe(422);
      expect(answer.data.ok).toBe(false);
      const paths = (answer.data.details as Array<{ path: string }>).map((problem) => problem.path);
      expect(paths).toEqual(
        expect.arrayContaining(['identifier', 'trigger.operation', 'invocationMethod.type']),
      );

      const badUrl = await api.post('/v1/actions', {
        identifier: 'bad-url',
        trigger: selfService(),
        invocationMethod: { type: 'WEBHOOK', url: 'not a url' },
      });
      expect(badUrl.status).toBe(422);
      expect(badUrl.data.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: 'invocationMethod.url' })]),
      );
    });
  });

  describe('invocation methods', () => {
    it('WEBHOOK, synchronized: Port’s default payload, signed, and the run ends with the response', async () => {
      await createAction(api, {
        identifier: 'ping-sync',
        title: 'Ping',
        trigger: selfService({ properties: { note: { type: 'string' } }, required: [] }),
        invocationMethod: { type: 'WEBHOOK', url: `${sink.baseUrl}/actions/sync`, synchronized: true },
      });
      const run = await runAction(api, 'ping-sync', { properties: { note: 'hello' } });
      expect(run).toMatchObject({
        id: expect.stringMatching(/^r_[A-Za-z0-9]{16}$/),
        action: { identifier: 'ping-sync' },
        properties: { note: 'hello' },
        source: 'API',
      });
      const id = run['id'] as string;
      const ended = await waitForActionRun(api, id, 'SUCCESS');
      expect(ended).toMatchObject({ response: { status: 200 }, endedAt: expect.any(String) });

      const call = await callFor('/actions/sync', id);
      expect(JSON.parse(call.body)).toEqual({
        action: 'ping-sync',
        resourceType: 'run',
        status: 'TRIGGERED',
        trigger: {
          by: expect.objectContaining({ orgId: ORG }),
          origin: 'API',
          at: expect.any(String),
          operation: 'CREATE',
        },
        context: { entity: null, blueprint: 'service', runId: id },
        payload: {
          entity: null,
          action: expect.objectContaining({ identifier: 'ping-sync', blueprint: 'service' }),
          properties: { note: 'hello' },
          censoredProperties: [],
        },
      });
      // The run's payload is the body the backend was invoked with.
      expect(ended['payload']).toEqual(JSON.parse(call.body));
      const secret = (await api.get('/v1/webhook-signing-secret')).data.signingSecret.secret as string;
      const timestamp = call.headers['x-port-timestamp'] as string;
      const signature = createHmac('sha256', secret).update(`${timestamp}.${call.body}`).digest('base64');
      expect(call.headers['x-port-signature']).toBe(`v1,${signature}`);
    });

    it('WEBHOOK, asynchronous, with its own body: IN_PROGRESS until PATCHed with link and statusLabel', async () => {
      await createAction(api, {
        identifier: 'deploy-async',
        title: 'Deploy',
        trigger: selfService({ properties: { version: { type: 'string' } }, required: ['version'] }),
        invocationMethod: {
          type: 'WEBHOOK',
          url: `${sink.baseUrl}/actions/async`,
          body: { version: '{{ .inputs.version }}', runId: '{{ .run.id }}', by: '{{ .trigger.by.userId }}' },
        },
      });
      const id = (await runAction(api, 'deploy-async', { properties: { version: '2.0.0' } }))['id'] as string;
      const call = await callFor('/actions/async', id);
      expect(JSON.parse(call.body)).toEqual({ version: '2.0.0', runId: id, by: expect.any(String) });
      await waitForActionRun(api, id, 'IN_PROGRESS');

      const labelled = await api.patch(`/v1/actions/runs/${id}`, { statusLabel: 'rolling out' });
      expect(labelled.data.run).toMatchObject({ status: 'IN_PROGRESS', statusLabel: 'rolling out' });
      const patched = await api.patch(`/v1/actions/runs/${id}`, {
        status: 'SUCCESS',
        statusLabel: 'deployed',
        link: ['https://ci.example.com/builds/1'],
        summary: 'all green',
        externalRunId: 'build-1',
      });
      expect(patched.status).toBe(200);
      expect(patched.data.run).toMatchObject({
        status: 'SUCCESS',
        statusLabel: 'deployed',
        link: ['https://ci.example.com/builds/1'],
        summary: 'all green',
        externalRunId: 'build-1',
        endedAt: expect.any(String),
      });
      // The backend node run of the workflow run was completed through the engine.
      const workflowRun = (await api.get(`/v1/workflows/runs/${id.replace(/^r_/, 'wfr_')}`)).data.workflowRun;
      expect(workflowRun).toMatchObject({ status: 'COMPLETED', result: 'SUCCESS' });
      expect((await api.patch(`/v1/actions/runs/${id}`, { status: 'FAILURE' })).status).toBe(422);
    });

    it('WEBHOOK, asynchronous, ended by a log line with terminationStatus; a second termination is refused', async () => {
      await createAction(api, {
        identifier: 'cleanup-async',
        trigger: selfService(),
        invocationMethod: { type: 'WEBHOOK', url: `${sink.baseUrl}/actions/cleanup` },
      });
      const id = (await runAction(api, 'cleanup-async', { properties: {} }))['id'] as string;
      await callFor('/actions/cleanup', id);
      expect((await api.post(`/v1/actions/runs/${id}/logs`, { message: 'starting' })).status).toBe(201);
      const ended = await api.post(`/v1/actions/runs/${id}/logs`, {
        message: 'failed to clean up',
        terminationStatus: 'FAILURE',
        statusLabel: 'gave up',
      });
      expect(ended.status).toBe(201);
      expect(await waitForActionRun(api, id, 'FAILURE')).toMatchObject({ statusLabel: 'gave up' });

      const again = await api.post(`/v1/actions/runs/${id}/logs`, {
        message: 'again',
        terminationStatus: 'SUCCESS',
      });
      expect([again.status, again.data.ok]).toEqual([422, false]);
      const logs = await api.get(`/v1/actions/runs/${id}/logs`);
      expect(logs.data).toEqual({
        ok: true,
        runLogs: [
          expect.objectContaining({ runId: id, message: 'starting', createdBy: expect.any(String) }),
          expect.objectContaining({ runId: id, message: 'failed to clean up' }),
        ],
      });
    });
  });

  describe('running', () => {
    it('runs a DAY-2 action on a catalog entity: the entity is in the payload and the run', async () => {
      await createAction(api, {
        identifier: 'restart',
        title: 'Restart',
        trigger: selfService({ properties: {}, required: [] }, 'DAY-2'),
        invocationMethod: {
          type: 'WEBHOOK',
          url: `${sink.baseUrl}/actions/restart`,
          synchronized: true,
          body: { entity: '{{ .entity }}', tier: '{{ .entity.properties.tier }}', runId: '{{ .run.id }}' },
        },
      });
      const missing = await api.post('/v1/actions/restart/runs', { properties: {} });
      expect(missing.status).toBe(422);
      expect(missing.data.details).toEqual([expect.objectContaining({ path: 'entity' })]);
      const unknown = await api.post('/v1/actions/restart/runs', { properties: {}, entity: 'nope' });
      expect(unknown.status).toBe(422);

      const run = await runAction(api, 'restart', { properties: {}, entity: 'checkout' });
      const id = run['id'] as string;
      const call = JSON.parse((await callFor('/actions/restart', id)).body);
      expect(call).toMatchObject({
        entity: { identifier: 'checkout', title: 'Checkout', properties: { tier: 'gold' } },
        tier: 'gold',
      });
      expect(await waitForActionRun(api, id, 'SUCCESS')).toMatchObject({
        entity: { identifier: 'checkout', title: 'Checkout' },
        blueprint: { identifier: 'service' },
      });
      const listed = await api.get('/v1/actions/runs', { params: { entity: 'checkout', action: 'restart' } });
      expect(listed.data.runs.map((one: Json) => one['id'])).toEqual([id]);
      const byStatus = await api.get('/v1/actions/runs', {
        params: { status: 'FAILURE', action: 'restart' },
      });
      expect(byStatus.data.runs).toEqual([]);
    });

    it('ties an entity write with ?run_id= to the action run, visible in its log', async () => {
      await createAction(api, {
        identifier: 'provision',
        trigger: selfService({ properties: { name: { type: 'string' } }, required: ['name'] }),
        invocationMethod: { type: 'WEBHOOK', url: `${sink.baseUrl}/actions/provision` },
      });
      const id = (await runAction(api, 'provision', { properties: { name: 'search' } }))['id'] as string;
      await callFor('/actions/provision', id);
      // The receiver registers what it provisioned for the run, as Port's receivers do.
      const written = await api.post(`/v1/blueprints/service/entities?upsert=true&run_id=${id}`, {
        identifier: 'search',
        properties: { tier: 'bronze' },
      });
      expect(written.status).toBe(201);
      const bad = await api.post('/v1/blueprints/service/entities?upsert=true&run_id=wfr_x', {
        identifier: 'search',
      });
      expect(bad.status).toBe(422);
      const logs = await waitFor(
        async () => {
          const answer = await api.get(`/v1/actions/runs/${id}/logs`);
          return answer.data.runLogs.length > 0
            ? (answer.data.runLogs as Array<Record<string, unknown>>)
            : undefined;
        },
        { timeoutMs: 30_000, description: `the entity change in the log of ${id}` },
      );
      expect(logs).toEqual([
        expect.objectContaining({ runId: id, message: 'created entity "search" of blueprint "service"' }),
      ]);
    });

    it('answers 422 listing every bad property', async () => {
      await createAction(api, {
        identifier: 'strict-form',
        trigger: selfService({
          properties: {
            replicas: { type: 'number', minimum: 1 },
            env: { type: 'string', enum: ['staging', 'production'] },
            owner: { type: 'string' },
          },
          required: ['owner'],
        }),
        invocationMethod: { type: 'WEBHOOK', url: `${sink.baseUrl}/actions/strict` },
      });
      const answer = await api.post('/v1/actions/strict-form/runs', {
        properties: { replicas: 0, env: 'moon' },
      });
      expect(answer.status).toBe(422);
      const paths = (answer.data.details as Array<{ path: string }>).map((problem) => problem.path).sort();
      expect(paths).toEqual(['properties.env', 'properties.owner', 'properties.replicas']);
      expect(sink.calls('/actions/strict')).toEqual([]);
    });
  });
});
