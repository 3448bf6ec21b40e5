import { createHmac, timingSafeEqual } from 'node:crypto';
import { type IncomingHttpHeaders } from 'node:http';
import { type AxiosInstance } from 'axios';
import { type RecordedRequest, RecordingSink, waitFor } from '@flowline/testing';
import { gatewayApi } from './harness/gateway-api';
import { nodeOf, type RunView, waitForRun } from './harness/runs';
import { RunningSystem } from './harness/system';

type Json = Record<string, unknown>;

/**
 * Port's receiver, as Port's docs write it: `v1,` + base64(HMAC-SHA256(secret, "<timestamp>.<raw
 * body>")), the timestamp within 5 minutes. Independent of Flowline's signing code. During a rotation a
 * receiver may also check the signatures in `x-port-signature-previous` (space-separated).
 */
function portReceiverAccepts(
  secret: string,
  headers: IncomingHttpHeaders,
  body: string,
  options: { now?: number; checkPrevious?: boolean } = {},
): boolean {
  const timestamp = String(headers['x-port-timestamp'] ?? '');
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (!/^\d+$/.test(timestamp) || Math.abs(now - Number(timestamp)) > 300) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('base64'));
  const signatures = [String(headers['x-port-signature'] ?? '')];
  if (options.checkPrevious)
    signatures.push(...String(headers['x-port-signature-previous'] ?? '').split(' '));
  return signatures.some((signature) => {
    const given = Buffer.from(signature.split(',')[1] ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

const selfServeTrigger = {
  identifier: 'trigger',
  config: {
    type: 'SELF_SERVE_TRIGGER',
    userInputs: { properties: { service: { type: 'string' } }, required: ['service'] },
  },
};

/**
 * What a team moving from Port points at Flowline unchanged, with every service a separate process
 * behind the gateway: receivers that verify Port's webhook signature, Port's response shapes, the
 * node-run API Ocean workers call, and Port's entity calls.
 */
describe('Port on the wire', () => {
  let system: RunningSystem;
  let sink: RecordingSink;
  let api: AxiosInstance;
  let otherOrg: AxiosInstance;

  beforeAll(async () => {
    sink = await RecordingSink.start();
    system = await RunningSystem.start({
      services: ['workflows', 'catalog', 'triggers', 'orchestrator', 'executor-webhook'],
    });
    const client = await system.createClient('org_e2e_port_wire');
    api = gatewayApi(system.gatewayUrl, client.accessToken);
    const other = await system.createClient('org_e2e_port_wire_other');
    otherOrg = gatewayApi(system.gatewayUrl, other.accessToken);
    const hook = webhookWorkflow('signed-hook', `${sink.baseUrl}/hooks/signed`, true);
    expect((await api.post('/v1/workflows', hook)).status).toBe(201);
  });

  afterAll(async () => {
    await system?.stop();
    await sink?.close();
  });

  function webhookWorkflow(identifier: string, url: string, synchronized: boolean): Json {
    return {
      identifier,
      nodes: [
        selfServeTrigger,
        {
          identifier: 'call',
          config: {
            type: 'WEBHOOK',
            url,
            synchronized,
            body: { service: '{{ .outputs.trigger.service }}', run: '{{ .workflowRun.identifier }}' },
          },
        },
      ],
      connections: [{ sourceIdentifier: 'trigger', targetIdentifier: 'call' }],
    };
  }

  /** Runs `signed-hook` and returns the call its webhook made. */
  async function signedCall(): Promise<RecordedRequest> {
    const started = await api.post('/v1/workflows/signed-hook/runs', { inputs: { service: 'checkout' } });
    expect(started.status).toBe(201);
    const runId = started.data.workflowRun.identifier as string;
    expect(await waitForRun(api, runId)).toMatchObject({ status: 'COMPLETED', result: 'SUCCESS' });
    return waitFor(() => sink.calls('/hooks/signed').find((call) => call.body.includes(runId)));
  }

  async function signingSecret(client: AxiosInstance = api) {
    const answer = await client.get('/v1/webhook-signing-secret');
    expect(answer.status).toBe(200);
    return answer.data as { signingSecret: { secret: string; version: number }; previous: Json[] };
  }

  describe("Port's webhook signature", () => {
    it('is accepted by a receiver written for Port, keyed by the org’s own signing secret', async () => {
      const { signingSecret: current, previous } = await signingSecret();
      expect(current).toEqual({
        version: 1,
        secret: expect.stringMatching(/^whsec_/),
        createdBy: expect.any(String),
        createdAt: expect.any(String),
        validUntil: null,
      });
      expect(previous).toEqual([]);

      const call = await signedCall();
      expect(call.headers['x-port-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      expect(call.headers['x-port-signature-previous']).toBeUndefined();
      expect(portReceiverAccepts(current.secret, call.headers, call.body)).toBe(true);
      // Flowline's own signature stays beside it.
      expect(call.headers['x-flowline-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);

      const otherSecret = (await signingSecret(otherOrg)).signingSecret.secret;
      expect(otherSecret).not.toBe(current.secret);
      expect(portReceiverAccepts(otherSecret, call.headers, call.body)).toBe(false);
    });

    it('is rejected for a tampered body or an old timestamp', async () => {
      const { secret } = (await signingSecret()).signingSecret;
      const call = await signedCall();
      expect(portReceiverAccepts(secret, call.headers, call.body.replace('checkout', 'payments'))).toBe(
        false,
      );
      const sentAt = Number(call.headers['x-port-timestamp']);
      expect(portReceiverAccepts(secret, call.headers, call.body, { now: sentAt + 600 })).toBe(false);
      const replayed = { ...call.headers, 'x-port-timestamp': String(Math.floor(Date.now() / 1000)) };
      expect(portReceiverAccepts(secret, replayed, call.body, { now: sentAt + 600 })).toBe(false);
    });

    it('rotates: both keys verify during the grace period, then only the new one', async () => {
      const old = (await signingSecret()).signingSecret.secret;
      const rotated = await api.post('/v1/webhook-signing-secret/rotate', { gracePeriodSeconds: 3600 });
      expect(rotated.status).toBe(201);
      expect(rotated.data.signingSecret).toMatchObject({ version: 2, validUntil: null });
      expect(rotated.data.previous).toEqual([
        expect.objectContaining({ version: 1, secret: old, validUntil: expect.any(String) }),
      ]);
      const fresh = rotated.data.signingSecret.secret as string;
      expect((await signingSecret()).signingSecret.secret).toBe(fresh);

      // The executor keeps keys for a few seconds: wait for a call signed with the new key.
      const during = await waitFor(
        async () => {
          const call = await signedCall();
          return portReceiverAccepts(fresh, call.headers, call.body) ? call : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 1000, description: 'a call signed with the new key' },
      );
      // A receiver still on the old key verifies with the retiring key's signature.
      expect(portReceiverAccepts(old, during.headers, during.body)).toBe(false);
      expect(portReceiverAccepts(old, during.headers, during.body, { checkPrevious: true })).toBe(true);

      const ended = await api.post('/v1/webhook-signing-secret/rotate', { gracePeriodSeconds: 0 });
      expect([ended.status, ended.data.signingSecret.version, ended.data.previous]).toEqual([201, 3, []]);
      const newest = ended.data.signingSecret.secret as string;
      const after = await waitFor(
        async () => {
          const call = await signedCall();
          return portReceiverAccepts(newest, call.headers, call.body) ? call : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 1000, description: 'a call signed with the newest key' },
      );
      expect(after.headers['x-port-signature-previous']).toBeUndefined();
      for (const retired of [old, fresh])
        expect(portReceiverAccepts(retired, after.headers, after.body, { checkPrevious: true })).toBe(false);
    });

    it('lets only admins read or rotate the secret', async () => {
      const member = await system.createClient('org_e2e_port_wire', 'member');
      const asMember = gatewayApi(system.gatewayUrl, member.accessToken);
      expect((await asMember.get('/v1/webhook-signing-secret')).status).toBe(403);
      expect((await asMember.post('/v1/webhook-signing-secret/rotate', {})).status).toBe(403);
    });
  });

  describe("Port's response shapes", () => {
    it('answers a workflow in its full normalised form, a CONDITION in the API’s own shape', async () => {
      const saved = await api.post('/v1/workflows', {
        identifier: 'deploy-shapes',
        nodes: [
          selfServeTrigger,
          {
            identifier: 'check',
            config: {
              type: 'CONDITION',
              options: [{ identifier: 'prod', title: 'Prod', expression: '.outputs.trigger.service == "x"' }],
            },
          },
          { identifier: 'deploy', config: { type: 'WEBHOOK', url: `${sink.baseUrl}/deploy` } },
          { identifier: 'skip', config: { type: 'WEBHOOK', url: `${sink.baseUrl}/skip`, method: 'head' } },
        ],
        connections: [
          { sourceIdentifier: 'trigger', targetIdentifier: 'check' },
          { sourceIdentifier: 'check', targetIdentifier: 'deploy', sourceOptionIdentifier: 'prod' },
          { sourceIdentifier: 'check', targetIdentifier: 'skip', fallback: true },
        ],
      });
      expect(saved.status).toBe(201);
      const read = await api.get('/v1/workflows/deploy-shapes');
      expect(read.status).toBe(200);
      const workflow = read.data.workflow as { nodes: Json[]; connections: Json[] };
      expect(workflow.connections).toHaveLength(3);
      for (const connection of workflow.connections)
        expect(connection['identifier']).toEqual(expect.any(String));
      const [toCheck, toDeploy, toSkip] = workflow.connections.map((c) => c['identifier']);
      expect(new Set([toCheck, toDeploy, toSkip]).size).toBe(3);
      for (const node of workflow.nodes) expect(node['variables']).toEqual({});
      const byId = (id: string) => workflow.nodes.find((node) => node['identifier'] === id) as Json;
      expect(byId('deploy')['config']).toEqual({
        type: 'WEBHOOK',
        url: `${sink.baseUrl}/deploy`,
        method: 'POST',
        synchronized: true,
      });
      expect(byId('skip')['config']).toMatchObject({ method: 'HEAD', synchronized: true });
      expect(byId('check')['config']).toEqual({
        type: 'CONDITION',
        options: [{ identifier: 'prod', title: 'Prod', expression: '.outputs.trigger.service == "x"' }],
        conditions: [
          { title: 'Prod', expression: '.outputs.trigger.service == "x"', connectionIdentifier: toDeploy },
        ],
        defaultConnectionIdentifier: toSkip,
      });
      expect(read.data.workflow).toMatchObject({ version: 1, orgId: 'org_e2e_port_wire' });

      // What was read can be sent back unchanged.
      const putBack = await api.put('/v1/workflows/deploy-shapes', read.data.workflow);
      expect([putBack.status, putBack.data.workflow.version]).toEqual([200, 2]);
    });

    it('answers a CONDITION saved in the API’s conditions shape in that shape', async () => {
      const saved = await api.post('/v1/workflows', {
        identifier: 'deploy-api-spelling',
        nodes: [
          selfServeTrigger,
          {
            identifier: 'check',
            config: {
              type: 'CONDITION',
              conditions: [{ title: 'Prod', expression: 'true', connectionIdentifier: 'to-prod' }],
              defaultConnectionIdentifier: 'to-other',
            },
          },
          { identifier: 'prod', config: { type: 'WEBHOOK', url: `${sink.baseUrl}/prod` } },
          {
            identifier: 'other',
            config: { type: 'WEBHOOK', url: `${sink.baseUrl}/other`, method: 'OPTIONS' },
          },
        ],
        connections: [
          { identifier: 'to-check', sourceIdentifier: 'trigger', targetIdentifier: 'check' },
          { identifier: 'to-prod', sourceIdentifier: 'check', targetIdentifier: 'prod' },
          { identifier: 'to-other', sourceIdentifier: 'check', targetIdentifier: 'other' },
        ],
      });
      expect(saved.status).toBe(201);
      const check = (saved.data.workflow.nodes as Json[]).find((node) => node['identifier'] === 'check');
      expect(check?.['config']).toMatchObject({
        type: 'CONDITION',
        conditions: [{ title: 'Prod', expression: 'true', connectionIdentifier: 'to-prod' }],
        defaultConnectionIdentifier: 'to-other',
      });
    });

    it('accepts a draft without nodes (running it is 422) and a KAFKA node without payload', async () => {
      const draft = await api.post('/v1/workflows', { identifier: 'draft-flow', title: 'Draft' });
      expect(draft.status).toBe(201);
      expect(draft.data.workflow).toMatchObject({ identifier: 'draft-flow', nodes: [], connections: [] });
      const run = await api.post('/v1/workflows/draft-flow/runs', { inputs: {} });
      expect([run.status, run.data.ok]).toEqual([422, false]);

      const kafka = await api.post('/v1/workflows', {
        identifier: 'kafka-default-payload',
        nodes: [selfServeTrigger, { identifier: 'publish', config: { type: 'KAFKA' } }],
        connections: [{ sourceIdentifier: 'trigger', targetIdentifier: 'publish' }],
      });
      expect(kafka.status).toBe(201);
    });

    it('answers POST /runs with nodeRuns, variables and times, and lists runs with them', async () => {
      const started = await api.post('/v1/workflows/signed-hook/runs', { inputs: { service: 'shapes' } });
      expect(started.status).toBe(201);
      const run = started.data.workflowRun as Json;
      expect(run).toEqual(
        expect.objectContaining({
          identifier: expect.stringMatching(/^wfr_[A-Za-z0-9]{16}$/),
          status: expect.stringMatching(/^(IN_PROGRESS|COMPLETED)$/),
          workflowVersionId: 1,
          nodeRuns: expect.arrayContaining([
            expect.objectContaining({
              identifier: expect.stringMatching(/^wfnr_/),
              node: { identifier: 'trigger' },
              nodeConfigType: 'SELF_SERVE_TRIGGER',
              status: 'COMPLETED',
              result: 'SUCCESS',
              output: { service: 'shapes' },
              nodeRunLogs: expect.any(Array),
            }),
          ]),
          variables: { outputs: expect.objectContaining({ trigger: { service: 'shapes' } }) },
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
        }),
      );
      const runId = run['identifier'] as string;
      await waitForRun(api, runId);

      const listed = await api.get('/v1/workflows/runs', { params: { 'workflowRunIdentifiers[]': runId } });
      expect(listed.status).toBe(200);
      const [item] = listed.data.workflowRuns as RunView[];
      expect(item).toMatchObject({ identifier: runId, status: 'COMPLETED', result: 'SUCCESS' });
      expect(item.variables.outputs).toEqual(
        expect.objectContaining({ trigger: { service: 'shapes' }, call: expect.any(Object) }),
      );
      expect(item.nodeRuns.map(nodeOf).sort()).toEqual(['call', 'trigger']);
      for (const nodeRun of item.nodeRuns) expect(nodeRun.nodeRunLogs).toEqual(expect.any(Array));
    });

    it('answers node permissions under workflow as well as permissions', async () => {
      const rules = {
        combinator: 'and',
        rules: [{ property: { context: 'user', property: 'department' }, operator: '=', value: 'eng' }],
      };
      const path = '/v1/workflows/signed-hook/nodes/trigger/permissions';
      const set = await api.post(path, rules);
      expect(set.status).toBe(201);
      expect(set.data).toEqual({ ok: true, workflow: rules, permissions: rules });
      expect((await api.get(path)).data).toEqual({ ok: true, workflow: rules, permissions: rules });
      expect((await api.delete(path)).status).toBe(200);
    });
  });

  describe('the node-run API', () => {
    it('reads a node run, finds it by external run id with its config, and appends logs', async () => {
      const hook = webhookWorkflow('async-hook', `${sink.baseUrl}/hooks/async`, false);
      expect((await api.post('/v1/workflows', hook)).status).toBe(201);
      const started = await api.post('/v1/workflows/async-hook/runs', { inputs: { service: 'worker' } });
      const runId = started.data.workflowRun.identifier as string;
      const waiting = await waitForRun(api, runId, (run) =>
        run.nodeRuns.some((nodeRun) => nodeOf(nodeRun) === 'call' && sink.calls('/hooks/async').length > 0),
      );
      const nodeRunId = waiting.nodeRuns.find((nodeRun) => nodeOf(nodeRun) === 'call')?.identifier as string;

      const patched = await api.patch(`/v1/workflows/nodes/runs/${nodeRunId}`, {
        status: 'IN_PROGRESS',
        externalRunId: 'ext-port-wire-1',
      });
      expect(patched.status).toBe(200);

      const one = await api.get(`/v1/workflows/nodes/runs/${nodeRunId}`);
      expect(one.status).toBe(200);
      expect(one.data.nodeRun).toEqual(
        expect.objectContaining({
          identifier: nodeRunId,
          workflowRunIdentifier: runId,
          node: { identifier: 'call' },
          nodeConfigType: 'WEBHOOK',
          status: 'IN_PROGRESS',
          result: null,
          externalRunId: 'ext-port-wire-1',
          nodeRunLogs: expect.any(Array),
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
          completedAt: null,
        }),
      );

      const found = await api.get('/v1/workflows/nodes/runs', {
        params: { external_run_id: 'ext-port-wire-1', include: 'nodeConfig' },
      });
      expect(found.status).toBe(200);
      expect(found.data.runs).toEqual(found.data.nodeRuns);
      expect(found.data.runs).toEqual([
        expect.objectContaining({
          identifier: nodeRunId,
          config: expect.objectContaining({ type: 'WEBHOOK', url: `${sink.baseUrl}/hooks/async` }),
          node: { identifier: 'call', config: expect.objectContaining({ type: 'WEBHOOK' }) },
        }),
      ]);
      const none = await api.get('/v1/workflows/nodes/runs', { params: { external_run_id: 'no-such' } });
      expect([none.status, none.data.runs]).toEqual([200, []]);

      const logged = await api.post(`/v1/workflows/nodes/runs/${nodeRunId}/logs`, {
        logs: [
          { level: 'INFO', message: 'half way there' },
          { logLevel: 'WARN', log: 'slow disk', tags: { disk: 'sda' } },
        ],
      });
      expect([logged.status, logged.data]).toEqual([201, { ok: true }]);
      const withLogs = await api.get(`/v1/workflows/nodes/runs/${nodeRunId}`);
      expect(withLogs.data.nodeRun.status).toBe('IN_PROGRESS');
      expect(withLogs.data.nodeRun.nodeRunLogs).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ logLevel: 'INFO', log: 'half way there' }),
          expect.objectContaining({ logLevel: 'WARN', log: 'slow disk', tags: { disk: 'sda' } }),
        ]),
      );
      const badLog = await api.post(`/v1/workflows/nodes/runs/${nodeRunId}/logs`, {
        logs: [{ level: 'LOUD' }],
      });
      expect(badLog.status).toBe(422);

      // Another org sees none of it.
      expect((await otherOrg.get(`/v1/workflows/nodes/runs/${nodeRunId}`)).status).toBe(404);
      const elsewhere = await otherOrg.get('/v1/workflows/nodes/runs', {
        params: { external_run_id: 'ext-port-wire-1' },
      });
      expect(elsewhere.data.runs).toEqual([]);
      expect(
        (await otherOrg.post(`/v1/workflows/nodes/runs/${nodeRunId}/logs`, { logs: [{ message: 'x' }] }))
          .status,
      ).toBe(404);
      expect((await api.get('/v1/workflows/nodes/runs/wfnr_0000000000000000')).status).toBe(404);

      const done = await api.patch(`/v1/workflows/nodes/runs/${nodeRunId}`, {
        status: 'COMPLETED',
        result: 'SUCCESS',
      });
      expect(done.status).toBe(200);
      expect(await waitForRun(api, runId)).toMatchObject({ status: 'COMPLETED', result: 'SUCCESS' });
      const late = await api.post(`/v1/workflows/nodes/runs/${nodeRunId}/logs`, {
        logs: [{ message: 'late' }],
      });
      expect(late.status).toBe(422);
    });
  });

  describe("Port's entity calls", () => {
    beforeAll(async () => {
      for (const identifier of ['microservice', 'system']) {
        const created = await api.post('/v1/blueprints', {
          identifier,
          title: identifier,
          schema: { properties: { language: { type: 'string' }, tier: { type: 'number' } } },
        });
        expect(created.status).toBe(201);
      }
    });

    it('upserts with blueprint in the body and merge=true, and refuses another blueprint', async () => {
      const path = '/v1/blueprints/microservice/entities?upsert=true&merge=true';
      const first = await api.post(path, {
        identifier: 'checkout',
        blueprint: 'microservice',
        title: 'Checkout',
        properties: { language: 'go' },
      });
      expect(first.status).toBe(201);
      const second = await api.post(`${path}&create_missing_related_entities=true`, {
        identifier: 'checkout',
        blueprint: 'microservice',
        properties: { tier: 2 },
      });
      expect(second.status).toBeLessThan(300);
      expect(second.data.entity).toMatchObject({
        identifier: 'checkout',
        blueprint: 'microservice',
        title: 'Checkout',
        properties: { language: 'go', tier: 2 },
      });
      // Ocean's validation_only: answered as it would be, not written.
      const dryRun = await api.post(`${path}&validation_only=true`, {
        identifier: 'checkout',
        blueprint: 'microservice',
        properties: { tier: 9 },
      });
      expect([dryRun.status, dryRun.data.entity.properties]).toEqual([201, { language: 'go', tier: 9 }]);
      const stored = await api.get('/v1/blueprints/microservice/entities/checkout');
      expect(stored.data.entity.properties).toEqual({ language: 'go', tier: 2 });
      const invalid = await api.post(`${path}&validation_only=true`, {
        identifier: 'checkout',
        properties: { tier: 'x' },
      });
      expect(invalid.status).toBe(422);

      const wrong = await api.post(path, { identifier: 'checkout', blueprint: 'system', properties: {} });
      expect(wrong.status).toBe(422);
      expect(wrong.data.details).toEqual([expect.objectContaining({ path: 'blueprint' })]);
    });

    it('searches across blueprints with include', async () => {
      expect(
        (await api.post('/v1/blueprints/system/entities', { identifier: 'shop', blueprint: 'system' }))
          .status,
      ).toBe(201);
      const found = await api.post('/v1/entities/search?include=blueprint&include=properties.language', {
        combinator: 'or',
        rules: [
          { property: '$identifier', operator: '=', value: 'checkout' },
          { property: '$blueprint', operator: '=', value: 'system' },
        ],
      });
      expect(found.status).toBe(200);
      expect(found.data).toEqual({
        ok: true,
        entities: [
          { identifier: 'checkout', blueprint: 'microservice', properties: { language: 'go' } },
          { identifier: 'shop', blueprint: 'system', properties: {} },
        ],
      });
      const excluded = await api.post('/v1/entities/search?exclude=properties', {
        combinator: 'and',
        rules: [{ property: '$blueprint', operator: 'in', value: ['microservice'] }],
      });
      expect(excluded.data.entities).toEqual([
        expect.not.objectContaining({ properties: expect.anything() }),
      ]);
      expect(
        (await otherOrg.post('/v1/entities/search', { combinator: 'and', rules: [] })).data.entities,
      ).toEqual([]);
    });
  });
});
