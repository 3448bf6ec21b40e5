import { createHmac } from 'node:crypto';
import { type AxiosInstance } from 'axios';
import { createMessage, Topics } from '@flowline/contracts';
import { deployWithConditionWorkflow, prepareDeployCatalog } from '@flowline/system-runner';
import { RecordingSink, TestKafka, waitFor } from '@flowline/testing';
import { gatewayApi } from './harness/gateway-api';
import { nodeOf, runsOf, waitForRun } from './harness/runs';
import { E2E_WEBHOOK_SIGNING_SECRET, RunningSystem } from './harness/system';

/** The run engine end to end: every service a separate process, driven through the gateway. */
describe('runs through the whole system', () => {
  let system: RunningSystem;
  let sink: RecordingSink;
  let api: AxiosInstance;
  let kafka: TestKafka;

  beforeAll(async () => {
    sink = await RecordingSink.start();
    system = await RunningSystem.start({
      services: [
        'workflows',
        'catalog',
        'triggers',
        'orchestrator',
        'executor-webhook',
        'executor-upsert-entity',
      ],
    });
    const client = await system.createClient('org_e2e_runs');
    api = gatewayApi(system.gatewayUrl, client.accessToken);
    kafka = new TestKafka((process.env['KAFKA_BROKERS'] ?? '').split(','));
    await prepareDeployCatalog(api);
    expect((await api.put('/v1/secrets/deploy-token', { value: 'e2e-deploy-token' })).status).toBeLessThan(
      300,
    );
  });

  afterAll(async () => {
    await kafka?.close();
    await system?.stop();
    await sink?.close();
  });

  async function createWorkflow(definition: Record<string, unknown>): Promise<string> {
    const response = await api.post('/v1/workflows', definition);
    expect(response.status).toBe(201);
    return definition['identifier'] as string;
  }

  async function startRun(workflow: string, inputs: unknown, idempotencyKey?: string) {
    return api.post(
      `/v1/workflows/${workflow}/runs`,
      { inputs },
      {
        headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
      },
    );
  }

  it('runs the reference "deploy with condition" example: one branch, a signed webhook, the join once', async () => {
    const workflow = await createWorkflow(deployWithConditionWorkflow(sink.baseUrl, 'deploy-service'));
    const started = await startRun(workflow, {
      service: 'checkout',
      version: '1.4.2',
      environment: 'production',
    });
    expect(started.status).toBe(201);
    const runId = started.data.workflowRun.identifier as string;
    expect(runId).toMatch(/^wfr_[A-Za-z0-9]{16}$/);
    // The answer came only once the run existed: reading it right away never 404s.
    expect((await api.get(`/v1/workflows/runs/${runId}`)).status).toBe(200);

    const run = await waitForRun(api, runId);
    expect(run).toMatchObject({ status: 'COMPLETED', result: 'SUCCESS' });

    const calls = sink.requests.filter((request) => request.path.startsWith('/production'));
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(JSON.parse(call.body)).toEqual({ service: 'checkout', version: '1.4.2' });
    expect(call.headers['authorization']).toBe('Bearer e2e-deploy-token');
    const deployNodeRun = run.nodeRuns.find((nodeRun) => nodeOf(nodeRun) === 'deploy-prod');
    expect(call.headers['idempotency-key']).toBe(`${deployNodeRun?.identifier}:1`);
    expect(call.headers['x-flowline-run-id']).toBe(runId);
    const timestamp = String(call.headers['x-flowline-timestamp']);
    const expected = createHmac('sha256', E2E_WEBHOOK_SIGNING_SECRET)
      .update(`${timestamp}.${call.body}`)
      .digest('hex');
    expect(call.headers['x-flowline-signature']).toBe(`sha256=${expected}`);
    expect(sink.requests.some((request) => request.path.startsWith('/staging'))).toBe(false);

    const ranNodes = run.nodeRuns.map(nodeOf).sort();
    expect(ranNodes).toEqual(['check-env', 'deploy-prod', 'record-deployment', 'trigger']);
    expect(Object.keys(run.variables.outputs).sort()).toEqual(ranNodes);
    expect(run.variables.outputs['trigger']).toEqual({
      service: 'checkout',
      version: '1.4.2',
      environment: 'production',
    });
    expect(run.variables.outputs['check-env']).toMatchObject({ selectedOption: 'production' });
    expect(run.variables.outputs['deploy-prod']).toMatchObject({
      response: { status: 200, data: { id: 'dep-9' } },
    });
    const entity = await api.get('/v1/blueprints/service/entities/checkout');
    expect(entity.data.entity).toMatchObject({
      properties: { lastDeployedVersion: '1.4.2' },
      relations: { environment: 'production' },
    });
  });

  it('refuses bad inputs with every failing field, and starts one run per idempotency key', async () => {
    const workflow = await createWorkflow(deployWithConditionWorkflow(sink.baseUrl, 'deploy-inputs'));
    const refused = await startRun(workflow, { version: 3, environment: 'moon', extra: true });
    expect(refused.status).toBe(422);
    const paths = (refused.data.details as Array<{ path: string }>).map((problem) => problem.path).join(' ');
    for (const field of ['service', 'version', 'environment', 'extra']) expect(paths).toContain(field);

    const inputs = { service: 'billing', version: '2.0.0', environment: 'staging' };
    const first = await startRun(workflow, inputs, 'submit-once');
    const second = await startRun(workflow, inputs, 'submit-once');
    expect(first.status).toBe(201);
    expect(second.data.workflowRun.identifier).toBe(first.data.workflowRun.identifier);
    await waitForRun(api, first.data.workflowRun.identifier);
    expect(await runsOf(api, workflow)).toHaveLength(1);
  });

  it('starts event-triggered runs from the catalog API and from Kafka, and none when the condition fails', async () => {
    await createWorkflow(eventWorkflow('on-service-change', sink.baseUrl));
    // Through the catalog API: creating an entity is not an update; updating it starts a run, via Kafka.
    const created = await api.post('/v1/blueprints/service/entities', {
      identifier: 'payments',
      properties: {},
    });
    expect(created.status).toBe(201);
    const updated = await api.post('/v1/blueprints/service/entities?upsert=true', {
      identifier: 'payments',
      properties: { lastDeployedVersion: '9.9.9' },
    });
    expect(updated.status).toBeLessThan(300);
    const [fromApi] = await waitFor(async () => {
      const runs = await runsOf(api, 'on-service-change');
      return runs.length === 1 ? runs : undefined;
    });
    expect((await waitForRun(api, fromApi.identifier)).result).toBe('SUCCESS');

    // Straight to Kafka, as an external producer would.
    const event = (version: string, identifier: string) =>
      createMessage('ENTITY_CHANGED', 'org_e2e_runs', {
        action: 'UPDATE',
        resourceType: 'entity',
        trigger: {
          by: { orgId: 'org_e2e_runs', userId: 'external' },
          origin: 'API',
          at: new Date().toISOString(),
        },
        context: { blueprintIdentifier: 'service', entityIdentifier: identifier },
        diff: {
          before: { identifier, blueprint: 'service', properties: {} },
          after: { identifier, blueprint: 'service', properties: { lastDeployedVersion: version } },
        },
      });
    const topic = `${system.topicPrefix}${Topics.entityChanged}`;
    await kafka.send(topic, event('1.0.0', 'ledger'), 'org_e2e_runs/service/ledger');
    await waitFor(async () => ((await runsOf(api, 'on-service-change')).length === 2 ? true : undefined));

    // The condition wants a version starting with a digit other than 0: "0.1.0" starts nothing.
    await kafka.send(topic, event('0.1.0', 'ledger'), 'org_e2e_runs/service/ledger');
    // A matching event with the same key lands after it on the same partition: once its run exists,
    // the non-matching event has been handled too.
    await kafka.send(topic, event('3.0.0', 'ledger'), 'org_e2e_runs/service/ledger');
    await waitFor(async () => ((await runsOf(api, 'on-service-change')).length >= 3 ? true : undefined));
    expect(await runsOf(api, 'on-service-change')).toHaveLength(3);
  });

  it('waits for an async webhook node until a PATCH completes it, then continues the run', async () => {
    const workflow = await createWorkflow(asyncWorkflow('async-deploy', sink.baseUrl));
    const started = await startRun(workflow, {});
    const runId = started.data.workflowRun.identifier as string;
    const waiting = await waitForRun(api, runId, (run) =>
      run.nodeRuns.some((nodeRun) => nodeOf(nodeRun) === 'kick-off' && nodeRun.status === 'IN_PROGRESS'),
    );
    const nodeRun = waiting.nodeRuns.find((candidate) => nodeOf(candidate) === 'kick-off');
    const patched = await api.patch(`/v1/workflows/nodes/runs/${nodeRun?.identifier}`, {
      status: 'COMPLETED',
      result: 'SUCCESS',
      output: { deploymentId: 'dep-async' },
      logs: [{ logLevel: 'INFO', log: 'deployed by the external system', tags: { env: 'prod' } }],
    });
    expect(patched.status).toBe(200);
    const run = await waitForRun(api, runId);
    expect(run.result).toBe('SUCCESS');
    expect(run.variables.outputs['kick-off']).toMatchObject({ deploymentId: 'dep-async' });
    const after = run.nodeRuns.find((candidate) => nodeOf(candidate) === 'after');
    expect(after?.result).toBe('SUCCESS');
    const kickOff = run.nodeRuns.find((candidate) => nodeOf(candidate) === 'kick-off');
    expect(kickOff?.nodeRunLogs.map((log) => log.log)).toContain('deployed by the external system');
  });

  it('fails node and run when a webhook answers 500, with status and body in the node logs', async () => {
    const workflow = await createWorkflow(singleWebhook('failing-deploy', `${sink.baseUrl}/fail`));
    const runId = (await startRun(workflow, {})).data.workflowRun.identifier as string;
    const run = await waitForRun(api, runId);
    expect(run.result).toBe('FAILED');
    const failed = run.nodeRuns.find((nodeRun) => nodeOf(nodeRun) === 'call');
    expect(failed).toMatchObject({ status: 'COMPLETED', result: 'FAILED' });
    const logs = failed?.nodeRunLogs.map((log) => log.log).join('\n') ?? '';
    expect(logs).toContain('500');
    expect(logs).toContain('database down');
  });

  it('completes 200 concurrent runs, each once, with its own outputs', async () => {
    const workflow = await createWorkflow(singleWebhook('many-runs', `${sink.baseUrl}/many`));
    const started = await Promise.all(
      Array.from({ length: 200 }, (_, n) => startRun(workflow, { n: String(n) })),
    );
    // 201 once the orchestrator has the run; 202 (PENDING) when it has not confirmed within the wait, as a
    // saturated machine may: the request is durable either way and the run must still happen, once.
    expect(
      started.map((response) => response.status).filter((status) => status !== 201 && status !== 202),
    ).toEqual([]);
    const ids = started.map((response) => response.data.workflowRun.identifier as string);
    expect(new Set(ids).size).toBe(200);
    await waitFor(
      async () => {
        const runs = await runsOf(api, workflow);
        return runs.length === 200 && runs.every((run) => run.status === 'COMPLETED') ? true : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 1_000, description: '200 runs to complete' },
    );
    const runs = await Promise.all(ids.map((id) => waitForRun(api, id)));
    runs.forEach((run, n) => {
      expect(run.result).toBe('SUCCESS');
      expect(run.variables.outputs['call']).toMatchObject({
        response: { data: { received: { n: String(n) } } },
      });
    });
    const calls = sink.requests.filter((request) => request.path === '/many');
    const keys = calls.map((request) => String(request.headers['idempotency-key']));
    expect(new Set(keys).size).toBe(200);
  }, 240_000);
});

function singleWebhook(identifier: string, url: string): Record<string, unknown> {
  return {
    identifier,
    title: identifier,
    nodes: [
      {
        identifier: 'trigger',
        config: {
          type: 'SELF_SERVE_TRIGGER',
          userInputs: { properties: { n: { type: 'string' } }, required: [] },
        },
      },
      {
        identifier: 'call',
        config: {
          type: 'WEBHOOK',
          url,
          method: 'POST',
          body: { n: '{{ .outputs.trigger.n }}' },
          synchronized: true,
        },
      },
    ],
    connections: [{ sourceIdentifier: 'trigger', targetIdentifier: 'call' }],
  };
}

function asyncWorkflow(identifier: string, sinkUrl: string): Record<string, unknown> {
  return {
    identifier,
    title: identifier,
    nodes: [
      {
        identifier: 'trigger',
        config: { type: 'SELF_SERVE_TRIGGER', userInputs: { properties: {}, required: [] } },
      },
      {
        identifier: 'kick-off',
        config: {
          type: 'WEBHOOK',
          url: `${sinkUrl}/accepted`,
          method: 'POST',
          body: { callback: '{{ .workflowNodeRun.identifier }}' },
          synchronized: false,
        },
      },
      {
        identifier: 'after',
        config: {
          type: 'WEBHOOK',
          url: `${sinkUrl}/after`,
          method: 'POST',
          body: { deploymentId: '{{ .outputs["kick-off"].deploymentId }}' },
        },
      },
    ],
    connections: [
      { sourceIdentifier: 'trigger', targetIdentifier: 'kick-off' },
      { sourceIdentifier: 'kick-off', targetIdentifier: 'after' },
    ],
  };
}

function eventWorkflow(identifier: string, sinkUrl: string): Record<string, unknown> {
  return {
    identifier,
    title: identifier,
    nodes: [
      {
        identifier: 'trigger',
        config: {
          type: 'EVENT_TRIGGER',
          event: { type: 'ENTITY_UPDATED', blueprintIdentifier: 'service' },
          condition: {
            type: 'JQ',
            expressions: ['(.diff.after.properties.lastDeployedVersion // "") | test("^[1-9]")'],
            combinator: 'and',
          },
        },
      },
      {
        identifier: 'notify',
        config: {
          type: 'WEBHOOK',
          url: `${sinkUrl}/notify`,
          method: 'POST',
          body: { entity: '{{ .outputs.trigger.diff.after.identifier }}' },
        },
      },
    ],
    connections: [{ sourceIdentifier: 'trigger', targetIdentifier: 'notify' }],
  };
}
