import { randomBytes } from 'node:crypto';
import axios from 'axios';
import { NodeCompletedMessage, validateMessage } from '@flowline/contracts';
import { computePortSignature, verifyWebhookSignature } from '@flowline/executor-runtime';
import {
  createTestNamespace,
  RecordingSink,
  type RunningTestApp,
  type TestNamespace,
  testToken,
} from '@flowline/testing';
import {
  DispatchProbe,
  SIGNING_SECRET,
  startExecutor,
  startWorkflowsService,
  webhookDispatch,
} from '../__tests__/executor-harness';

const ORG = `org_webhook_${randomBytes(4).toString('hex')}`;
const API_TOKEN = `tok-${randomBytes(16).toString('hex')}`;

describe('executor-webhook against real Kafka, HTTP and the workflows service', () => {
  let ns: TestNamespace;
  let workflows: RunningTestApp;
  let executor: RunningTestApp;
  let serviceLogs: string[];
  let sink: RecordingSink;
  let probe: DispatchProbe;

  beforeAll(async () => {
    ns = await createTestNamespace('executor-webhook');
    sink = await RecordingSink.start();
    workflows = await startWorkflowsService(ns);
    const saved = await axios.put(
      `${workflows.baseUrl}/v1/secrets/API_TOKEN`,
      { value: API_TOKEN },
      { headers: { authorization: `Bearer ${testToken(ORG)}` } },
    );
    expect(saved.status).toBe(201);
    ({ running: executor, logs: serviceLogs } = await startExecutor(ns, {
      WORKFLOWS_URL: workflows.baseUrl,
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    }));
    probe = await DispatchProbe.start(ns);
  });

  afterAll(async () => {
    await probe?.close();
    await executor?.close();
    await workflows?.close();
    await sink?.close();
    await ns?.dispose();
  });

  it('sends the rendered, signed call and reports {response: {status, data}}', async () => {
    const dispatch = webhookDispatch(ORG, {
      url: `${sink.baseUrl}/ok?service={{ .outputs.trigger.service }}`,
      method: 'POST',
      headers: {
        Authorization: 'Bearer {{ .secrets.API_TOKEN }}',
        'X-Service': '{{ .outputs.trigger.service }}',
      },
      body: {
        name: '{{ .outputs.trigger.service }}',
        count: '{{ .outputs.trigger.count }}',
        run: '{{ .workflowRun.identifier }}',
      },
      synchronized: true,
    });
    const result = await probe.run(dispatch);

    const [request] = sink.withIdempotencyKey(`${dispatch.nodeRunId}:1`);
    expect(request).toMatchObject({ method: 'POST', path: '/ok?service=svc-a' });
    expect(JSON.parse(request.body)).toEqual({ name: 'svc-a', count: 3, run: dispatch.runId });
    expect(request.headers).toMatchObject({
      authorization: `Bearer ${API_TOKEN}`,
      'x-service': 'svc-a',
      'content-type': 'application/json',
      'idempotency-key': `${dispatch.nodeRunId}:1`,
      'x-flowline-run-id': dispatch.runId,
      'x-flowline-node-run-id': dispatch.nodeRunId,
      'x-port-workflow-run-id': dispatch.runId,
      'x-port-node-run-id': dispatch.nodeRunId,
    });
    const signed = {
      secret: SIGNING_SECRET,
      timestamp: request.headers['x-flowline-timestamp'] as string,
      signature: request.headers['x-flowline-signature'] as string,
    };
    expect(verifyWebhookSignature({ ...signed, body: request.body })).toBe(true);
    expect(verifyWebhookSignature({ ...signed, body: `${request.body} ` })).toBe(false);
    // Port's signature, with the org's signing secret as an admin reads it.
    const orgKey = await axios.get(`${workflows.baseUrl}/v1/webhook-signing-secret`, {
      headers: { authorization: `Bearer ${testToken(ORG)}` },
    });
    const portTimestamp = request.headers['x-port-timestamp'] as string;
    expect(portTimestamp).toBe(signed.timestamp);
    expect(request.headers['x-port-signature']).toBe(
      computePortSignature(orgKey.data.signingSecret.secret as string, portTimestamp, request.body),
    );

    expect(validateMessage(NodeCompletedMessage, result).ok).toBe(true);
    expect(result).toMatchObject({
      orgId: ORG,
      runId: dispatch.runId,
      nodeRunId: dispatch.nodeRunId,
      attempt: 1,
      status: 'COMPLETED',
      result: 'SUCCESS',
      output: {
        response: {
          status: 200,
          // The sink echoes the Authorization header: the secret comes back masked.
          data: { id: 'dep-9', received: { name: 'svc-a', count: 3 }, authorization: 'Bearer ***' },
        },
      },
    });
    expect(result.logs[0]).toMatchObject({
      logLevel: 'INFO',
      log: expect.stringMatching(/^POST http:\/\/127\.0\.0\.1:\d+\/ok -> 200 OK/),
    });
    const key = probe.completed.find((message) => (message.json as { id: string }).id === result.id)?.key;
    expect(key).toBe(dispatch.runId);
  });

  it('fails on a 500 as retryable, with status and body in output and logs', async () => {
    const result = await probe.run(webhookDispatch(ORG, { url: `${sink.baseUrl}/fail`, body: { a: 1 } }));
    expect(result).toMatchObject({
      status: 'COMPLETED',
      result: 'FAILED',
      failure: { code: 'HTTP_ERROR', retryable: true },
      output: { response: { status: 500, data: 'database down' } },
    });
    expect(result.logs).toEqual([
      expect.objectContaining({
        logLevel: 'ERROR',
        log: expect.stringMatching(/-> 500 Internal Server Error .*: database down$/),
      }),
    ]);
  });

  it('fails on a 400 as not retryable', async () => {
    const result = await probe.run(
      webhookDispatch(ORG, { url: `${sink.baseUrl}/bad`, method: 'PUT', body: {} }),
    );
    expect(result).toMatchObject({
      result: 'FAILED',
      failure: { code: 'HTTP_ERROR', retryable: false },
      output: { response: { status: 400, data: { error: 'name is required' } } },
    });
    expect(result.logs[0].log).toContain('{"error":"name is required"}');
  });

  it('reports IN_PROGRESS for synchronized: false once the target accepted the call', async () => {
    const dispatch = webhookDispatch(ORG, {
      url: `${sink.baseUrl}/accepted`,
      synchronized: false,
      body: { wait: true },
    });
    const result = await probe.run(dispatch);
    expect(result).toMatchObject({ status: 'IN_PROGRESS' });
    expect(result.result).toBeUndefined();
    expect(sink.withIdempotencyKey(dispatch.idempotencyKey)).toHaveLength(1);
  });

  it('adds the body it sent as `request` for an action’s backend (the action run’s payload), secrets masked', async () => {
    const body = { service: '{{ .outputs.trigger.service }}', token: '{{ .secrets.API_TOKEN }}' };
    const forAction = webhookDispatch(
      ORG,
      { url: `${sink.baseUrl}/accepted`, synchronized: false, body },
      { workflow: { identifier: 'action:restart', version: 1 } },
    );
    const result = await probe.run(forAction);
    expect(result).toMatchObject({
      status: 'IN_PROGRESS',
      output: { request: { service: 'svc-a', token: '***' } },
    });
    expect(JSON.parse(sink.withIdempotencyKey(forAction.idempotencyKey)[0].body)).toEqual({
      service: 'svc-a',
      token: API_TOKEN,
    });
    // A workflow's own WEBHOOK node keeps Port's output.
    const plain = webhookDispatch(ORG, { url: `${sink.baseUrl}/ok`, synchronized: true, body: { a: 1 } });
    expect((await probe.run(plain)).output).not.toHaveProperty('request');
  });

  it('fails a template error with its path and jq message, without calling the target', async () => {
    const dispatch = webhookDispatch(ORG, {
      url: `${sink.baseUrl}/ok`,
      body: { name: '{{ .outputs.trigger.count + "x" }}' },
    });
    const result = await probe.run(dispatch);
    expect(result).toMatchObject({ result: 'FAILED', failure: { code: 'TEMPLATE_ERROR', retryable: false } });
    expect(result.logs[0].logLevel).toBe('ERROR');
    expect(result.logs[0].log).toBe(
      'template error at body.name in {{ .outputs.trigger.count + "x" }}: number (3) and string ("x") cannot be added',
    );
    expect(sink.withIdempotencyKey(dispatch.idempotencyKey)).toHaveLength(0);
  });

  it('masks a secret that jq quotes in a template error', async () => {
    const result = await probe.run(
      webhookDispatch(ORG, {
        url: `${sink.baseUrl}/ok`,
        headers: { x: '{{ .secrets.API_TOKEN | tonumber }}' },
      }),
    );
    expect(result.failure?.code).toBe('TEMPLATE_ERROR');
    expect(result.logs[0].log).toMatch(
      /^template error at headers\.x .*: string \("\*\*\*\.\.\."\) cannot be parsed as a number$/,
    );
  });

  it('fails the node when a referenced secret does not exist', async () => {
    const dispatch = webhookDispatch(ORG, {
      url: `${sink.baseUrl}/ok`,
      headers: { k: '{{ .secrets["NO_SUCH_SECRET"] }}' },
    });
    const result = await probe.run(dispatch);
    expect(result).toMatchObject({
      result: 'FAILED',
      failure: {
        code: 'SECRET_NOT_FOUND',
        retryable: false,
        message: 'secret "NO_SUCH_SECRET" is not defined in this organization',
      },
    });
    expect(sink.withIdempotencyKey(dispatch.idempotencyKey)).toHaveLength(0);
  });

  it('refuses an address the allowlist does not cover (not retryable), and never connects', async () => {
    const loopback = await probe.run(webhookDispatch(ORG, { url: `http://127.0.0.2:${sink.port}/ok` }));
    expect(loopback).toMatchObject({
      result: 'FAILED',
      failure: { code: 'ADDRESS_REFUSED', retryable: false },
    });
    expect(loopback.logs[0].log).toContain('127.0.0.2 is a loopback address');

    const metadata = await probe.run(
      webhookDispatch(ORG, { url: 'http://169.254.169.254/latest/meta-data/' }),
    );
    expect(metadata).toMatchObject({ failure: { code: 'ADDRESS_REFUSED', retryable: false } });
    expect(metadata.logs[0].log).toContain('169.254.169.254 is a metadata address');
  });

  it('times out at the node timeoutSeconds (retryable)', async () => {
    const result = await probe.run(
      webhookDispatch(ORG, { url: `${sink.baseUrl}/slow` }, { timeoutSeconds: 1 }),
    );
    expect(result).toMatchObject({ result: 'FAILED', failure: { code: 'TIMEOUT', retryable: true } });
    expect(result.logs[0].log).toContain('no complete answer within 1000 ms');
  });

  it('fails a response over the size limit (not retryable)', async () => {
    const result = await probe.run(webhookDispatch(ORG, { url: `${sink.baseUrl}/large`, method: 'GET' }));
    expect(result).toMatchObject({
      result: 'FAILED',
      failure: { code: 'RESPONSE_TOO_LARGE', retryable: false },
    });
    expect(result.logs[0].log).toContain('larger than the limit of 1048576 bytes');
  });

  it('does not call the target again when the same dispatch is delivered twice', async () => {
    const dispatch = webhookDispatch(ORG, { url: `${sink.baseUrl}/ok`, body: { once: true } });
    await probe.send(dispatch);
    await probe.send(dispatch);
    await probe.resultOf(dispatch, 2);
    const [first, second] = probe.resultsOf(dispatch);
    expect(second).toEqual(first);
    expect(sink.withIdempotencyKey(dispatch.idempotencyKey)).toHaveLength(1);
  });

  it('reuses keep-alive connections across calls', async () => {
    const one = webhookDispatch(ORG, { url: `${sink.baseUrl}/ok`, method: 'GET' });
    const two = webhookDispatch(ORG, { url: `${sink.baseUrl}/ok`, method: 'GET' });
    await probe.run(one);
    await probe.run(two);
    const [first] = sink.withIdempotencyKey(one.idempotencyKey);
    const [second] = sink.withIdempotencyKey(two.idempotencyKey);
    expect(second.remotePort).toBe(first.remotePort);
  });

  it('never lets the secret value into a result or a log line', () => {
    expect(probe.completed.length).toBeGreaterThan(10);
    for (const message of probe.completed) expect(message.value).not.toContain(API_TOKEN);
    expect(serviceLogs.some((line) => line.includes('node attempt reported'))).toBe(true);
    for (const line of serviceLogs) expect(line).not.toContain(API_TOKEN);
    // ...while the target did receive it.
    expect(sink.requests.some((request) => request.headers.authorization === `Bearer ${API_TOKEN}`)).toBe(
      true,
    );
  });

  it('serves health and OpenAPI', async () => {
    expect((await axios.get(`${executor.baseUrl}/health/live`)).data).toEqual({ ok: true, status: 'live' });
    expect((await axios.get(`${executor.baseUrl}/health/ready`)).data).toEqual({
      ok: true,
      status: 'ready',
      checks: { postgres: 'up', kafka: 'up' },
    });
    expect((await axios.get(`${executor.baseUrl}/docs-json`)).status).toBe(200);
  });
});
