import { randomBytes } from 'node:crypto';
import axios from 'axios';
import { Kafka, logLevel } from 'kafkajs';
import { NodeCompletedMessage, validateMessage } from '@flowline/contracts';
import { tracing } from '@opentelemetry/sdk-node';
import { startTelemetry, stopTelemetry } from '@flowline/nest-observability';
import {
  createTestNamespace,
  type ReceivedMessage,
  type RunningTestApp,
  type TestNamespace,
  waitFor,
} from '@flowline/testing';
import { type Dispatch, DispatchProbe, kafkaDispatch, startExecutor } from '../__tests__/executor-harness';

const ORG = `org_kafka_${randomBytes(4).toString('hex')}`;
const TRACE_ID = randomBytes(16).toString('hex');
const TRACEPARENT = `00-${TRACE_ID}-${randomBytes(8).toString('hex')}-01`;

describe('executor-kafka against real Kafka', () => {
  let ns: TestNamespace;
  let executor: RunningTestApp;
  let serviceLogs: string[];
  let probe: DispatchProbe;
  let runsTopic: string;
  let runsMessages: ReceivedMessage[] | undefined;

  /** What the org's runs topic holds (read from the beginning, once the executor has created it). */
  async function readRunsTopic(): Promise<ReceivedMessage[]> {
    runsMessages ??= await probe.kafka.collect(runsTopic);
    return runsMessages;
  }

  const publishedFor = (messages: ReceivedMessage[], dispatch: Dispatch) =>
    messages.filter((message) => message.key === dispatch.idempotencyKey);

  beforeAll(async () => {
    // As main.ts starts it with a collector configured (without an exporter the SDK registers no
    // tracer provider, hence no propagator: see the report on libs/nest-observability).
    startTelemetry({ serviceName: 'executor-kafka-test', spanExporter: new tracing.InMemorySpanExporter() });
    ns = await createTestNamespace('executor-kafka');
    runsTopic = `${ns.topicPrefix}${ORG}.runs`;
    // One partition: the order of the org topic is then the order of the publishes.
    ({ running: executor, logs: serviceLogs } = await startExecutor(ns, {
      KAFKA_ORG_TOPIC_PARTITIONS: '1',
      KAFKA_MAX_MESSAGE_BYTES: '4096',
    }));
    probe = await DispatchProbe.start(ns);
  });

  afterAll(async () => {
    await probe?.close();
    await executor?.close();
    await ns?.dispose();
    await stopTelemetry();
  });

  it('publishes the rendered payload in its envelope to <prefix><orgId>.runs, keyed by the idempotency key', async () => {
    const dispatch = kafkaDispatch(ORG, {
      payload: {
        eventType: 'deployment.started',
        service: '{{ .outputs.trigger.service }}',
        replicas: '{{ .outputs.trigger.replicas }}',
        tags: '{{ [.outputs.trigger.environment, .outputs.trigger.version] }}',
        summary: '{{ .outputs.trigger.service }}@{{ .outputs.trigger.version }}',
      },
    });
    const result = await probe.run(dispatch, { traceparent: TRACEPARENT });

    expect(validateMessage(NodeCompletedMessage, result).ok).toBe(true);
    expect(result).toMatchObject({
      orgId: ORG,
      runId: dispatch.runId,
      nodeRunId: dispatch.nodeRunId,
      attempt: 1,
      status: 'COMPLETED',
      result: 'SUCCESS',
      output: { topic: runsTopic, key: `${dispatch.nodeRunId}:1`, messageId: expect.stringMatching(/^msg_/) },
    });
    expect(result.logs).toEqual([
      {
        logLevel: 'INFO',
        log: `published ${result.output?.['messageId']} to ${runsTopic} (key ${dispatch.idempotencyKey})`,
      },
    ]);

    const messages = await readRunsTopic();
    const [published] = await waitFor(() => {
      const found = publishedFor(messages, dispatch);
      return found.length > 0 ? found : undefined;
    });
    expect(published.topic).toBe(runsTopic);
    expect(published.key).toBe(`${dispatch.nodeRunId}:1`);
    expect(published.json).toEqual({
      id: result.output?.['messageId'],
      type: 'WORKFLOW_NODE_RUN',
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      orgId: ORG,
      workflow: { identifier: 'deploy-service', version: 3 },
      workflowRun: { identifier: dispatch.runId },
      workflowNodeRun: { identifier: dispatch.nodeRunId },
      payload: {
        eventType: 'deployment.started',
        service: 'svc-a',
        replicas: 3,
        tags: ['staging', '1.4.2'],
        summary: 'svc-a@1.4.2',
      },
    });
    expect(published.headers).toMatchObject({
      'idempotency-key': `${dispatch.nodeRunId}:1`,
      'x-flowline-run-id': dispatch.runId,
      'x-flowline-node-run-id': dispatch.nodeRunId,
      'x-flowline-message-type': 'WORKFLOW_NODE_RUN',
    });
    // The dispatch's trace continues into the published message.
    expect(published.headers['traceparent']).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-0[01]$`));
  });

  it('created the org topic itself, with the configured partitions', async () => {
    const admin = new Kafka({
      clientId: 'probe',
      brokers: ns.kafkaBrokers,
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [runsTopic] });
      // The broker's auto-creation would have made 3 (num.partitions); the executor asked for 1.
      expect(topics[0].partitions).toHaveLength(1);
    } finally {
      await admin.disconnect();
    }
    expect(serviceLogs.some((line) => line.includes('created org topic') && line.includes(runsTopic))).toBe(
      true,
    );
  });

  it("publishes to the node's own (templated) org topic", async () => {
    const dispatch = kafkaDispatch(ORG, {
      topic: `${ORG}.{{ .outputs.trigger.environment }}-deploys`,
      payload: ['{{ .outputs.trigger.service }}'],
    });
    const ownTopic = `${ns.topicPrefix}${ORG}.staging-deploys`;
    const result = await probe.run(dispatch);
    expect(result).toMatchObject({ result: 'SUCCESS', output: { topic: ownTopic } });

    const messages = await probe.kafka.collect(ownTopic);
    const published = await waitFor(() => publishedFor(messages, dispatch)[0]);
    expect(published.json).toMatchObject({ type: 'WORKFLOW_NODE_RUN', payload: ['svc-a'] });
  });

  it('reports IN_PROGRESS for synchronized: false, after publishing', async () => {
    const dispatch = kafkaDispatch(ORG, { payload: { wait: true }, synchronized: false });
    const result = await probe.run(dispatch);
    expect(validateMessage(NodeCompletedMessage, result).ok).toBe(true);
    expect(result).toMatchObject({
      status: 'IN_PROGRESS',
      output: { topic: runsTopic, key: dispatch.idempotencyKey },
    });
    expect(result.result).toBeUndefined();
    expect(result.logs[0].log).toContain('waiting for the node run to be reported (synchronized: false)');
    const messages = await readRunsTopic();
    const published = await waitFor(() => publishedFor(messages, dispatch)[0]);
    expect(published.json).toMatchObject({ payload: { wait: true } });
  });

  it('adds the message it published as `request` for an action’s backend (the action run’s payload)', async () => {
    const dispatch = kafkaDispatch(
      ORG,
      { payload: { restart: '{{ .outputs.trigger.service }}' }, synchronized: false },
      { identifier: 'action:restart', version: 1 },
    );
    const result = await probe.run(dispatch);
    const messages = await readRunsTopic();
    const published = await waitFor(() => publishedFor(messages, dispatch)[0]);
    expect(result.output).toMatchObject({ messageId: (published.json as { id: string }).id });
    expect(result.output?.['request']).toEqual(published.json);
    expect(published.json).toMatchObject({ payload: { restart: 'svc-a' } });
  });

  it('fails a template error (not retryable) and publishes nothing', async () => {
    const broken = kafkaDispatch(ORG, { payload: { n: '{{ .outputs.trigger.replicas + "x" }}' } });
    const result = await probe.run(broken);
    expect(result).toMatchObject({
      status: 'COMPLETED',
      result: 'FAILED',
      failure: { code: 'TEMPLATE_ERROR', retryable: false },
    });
    expect(result.logs[0]).toEqual({
      logLevel: 'ERROR',
      log: 'template error at payload.n in {{ .outputs.trigger.replicas + "x" }}: number (3) and string ("x") cannot be added',
    });
    await expectNothingPublishedFor(broken);
  });

  it("refuses a topic outside the org's namespace (not retryable) and publishes nothing there", async () => {
    const dispatch = kafkaDispatch(ORG, { topic: 'flowline.nodes.completed.v1', payload: { forged: true } });
    const result = await probe.run(dispatch);
    expect(result).toMatchObject({
      result: 'FAILED',
      failure: {
        code: 'INVALID_CONFIG',
        retryable: false,
        message: `invalid KAFKA config: topic "flowline.nodes.completed.v1" is outside the organization's topics ("${ORG}.<name>")`,
      },
    });
    // The node asked for Flowline's results topic: a publish would have landed next to this result.
    const forged = (m: ReceivedMessage) => (m.json as { payload?: { forged?: unknown } })?.payload?.forged;
    expect(probe.completed.filter(forged)).toEqual([]);
  });

  it('fails a message over KAFKA_MAX_MESSAGE_BYTES (not retryable)', async () => {
    const dispatch = kafkaDispatch(ORG, { payload: { blob: 'x'.repeat(5000) } });
    const result = await probe.run(dispatch);
    expect(result).toMatchObject({
      result: 'FAILED',
      failure: { code: 'MESSAGE_TOO_LARGE', retryable: false },
    });
    expect(result.failure?.message).toMatch(/^the message is \d+ bytes, over the limit of 4096$/);
    await expectNothingPublishedFor(dispatch);
  });

  it('publishes once when the same dispatch is delivered twice', async () => {
    const dispatch = kafkaDispatch(ORG, { payload: { once: true } });
    await probe.send(dispatch);
    await probe.send(dispatch);
    await probe.resultOf(dispatch, 2);
    const [first, second] = probe.resultsOf(dispatch);
    expect(second).toEqual(first);
    await expectNothingMorePublishedFor(dispatch, 1);
  });

  it('serves health and OpenAPI', async () => {
    expect((await axios.get(`${executor.baseUrl}/health/ready`)).data).toEqual({
      ok: true,
      status: 'ready',
      checks: { postgres: 'up', kafka: 'up' },
    });
    expect((await axios.get(`${executor.baseUrl}/docs-json`)).status).toBe(200);
  });

  /**
   * The org topic has one partition, so once a later publish is there, an earlier one would be too:
   * publish a marker and wait for it instead of sleeping.
   */
  async function expectNothingMorePublishedFor(dispatch: Dispatch, expected: number): Promise<void> {
    const marker = kafkaDispatch(ORG, { payload: { marker: true } });
    expect(await probe.run(marker)).toMatchObject({ result: 'SUCCESS' });
    const messages = await readRunsTopic();
    await waitFor(() => publishedFor(messages, marker).length > 0, { description: 'the marker message' });
    expect(publishedFor(messages, dispatch)).toHaveLength(expected);
  }

  function expectNothingPublishedFor(dispatch: Dispatch): Promise<void> {
    return expectNothingMorePublishedFor(dispatch, 0);
  }
});
