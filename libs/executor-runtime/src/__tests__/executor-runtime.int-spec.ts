import { Injectable, Module } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import {
  createMessage,
  idempotencyKeyOf,
  newId,
  NODE_DISPATCH_MESSAGE_TYPE,
  type NodeCompletedMessage,
  nodeDispatchTopic,
  prefixedTopic,
  Topics,
} from '@flowline/contracts';
import { FlowlineKafkaServer } from '@flowline/nest-kafka';
import { CoreServiceModule, kafkaSettingsFor, loadConfig } from '@flowline/nest-service';
import {
  createTestNamespace,
  type ReceivedMessage,
  type RunningTestApp,
  serviceTestEnv,
  startTestApp,
  TestKafka,
  type TestNamespace,
  waitFor,
} from '@flowline/testing';
import { ExecutorConfig } from '../executor-config';
import { ExecutorRuntimeModule } from '../executor-runtime.module';
import { type ExecutionRequest, type ExecutionResult, type NodeExecutor } from '../node-executor';
import { succeeded } from '../results/execution-results';

const SERVICE = 'executor-runtime-test';
const ORG = `org_runtime_${randomBytes(4).toString('hex')}`;

/** A stand-in executor: records what the runtime hands it, and answers what the config asks for. */
@Injectable()
class RecordingExecutor implements NodeExecutor {
  readonly backend = 'kafka' as const;
  readonly calls: ExecutionRequest[] = [];

  async execute(request: ExecutionRequest): Promise<ExecutionResult> {
    this.calls.push(request);
    if (request.config['fail']) throw new Error(`cannot do ${String(request.config['fail'])}`);
    return succeeded({ echoed: request.config }, [
      { logLevel: 'INFO', log: `did ${request.idempotencyKey}` },
    ]);
  }
}

@Module({})
class RuntimeTestModule {
  static forRoot(config: ExecutorConfig) {
    return {
      module: RuntimeTestModule,
      imports: [
        CoreServiceModule.forRoot({ name: SERVICE, config, database: { entities: [], migrations: [] } }),
        ExecutorRuntimeModule.forRoot({ backend: 'kafka', config, executor: RecordingExecutor }),
      ],
    };
  }
}

function dispatch(config: Record<string, unknown>, deadline?: string) {
  const runId = newId('workflowRun');
  const nodeRunId = newId('workflowNodeRun');
  return createMessage(NODE_DISPATCH_MESSAGE_TYPE, ORG, {
    runId,
    nodeRunId,
    attempt: 2,
    idempotencyKey: idempotencyKeyOf(nodeRunId, 2),
    node: { identifier: 'publish', config: { type: 'KAFKA', ...config } },
    context: {
      outputs: { trigger: { service: 'svc-a' } },
      workflow: { identifier: 'wf', version: 1 },
      workflowRun: { identifier: runId, trigger: { by: {} } },
      workflowNodeRun: { identifier: nodeRunId },
    },
    ...(deadline ? { deadline } : {}),
  });
}

describe('ExecutorRuntimeModule against real Kafka', () => {
  let ns: TestNamespace;
  let running: RunningTestApp;
  let kafka: TestKafka;
  let completed: ReceivedMessage[];
  let executor: RecordingExecutor;

  beforeAll(async () => {
    ns = await createTestNamespace('executor-runtime');
    // Port 9 (discard) has no listener: secrets cannot be resolved in this file.
    const config = loadConfig(ExecutorConfig, serviceTestEnv(ns, { WORKFLOWS_URL: 'http://127.0.0.1:9' }));
    running = await startTestApp(RuntimeTestModule.forRoot(config), {
      beforeInit: (app) =>
        app.connectMicroservice({ strategy: new FlowlineKafkaServer(kafkaSettingsFor(SERVICE, config)) }),
    });
    executor = running.app.get(RecordingExecutor);
    kafka = new TestKafka(ns.kafkaBrokers);
    completed = await kafka.collect(prefixedTopic(Topics.nodeCompleted, ns.topicPrefix));
  });

  afterAll(async () => {
    await kafka?.close();
    await running?.close();
    await ns?.dispose();
  });

  async function run(message: ReturnType<typeof dispatch>): Promise<NodeCompletedMessage> {
    await kafka.send(prefixedTopic(nodeDispatchTopic('kafka'), ns.topicPrefix), message, message.runId);
    const received = await waitFor(
      () => completed.find((item) => (item.json as { nodeRunId?: string }).nodeRunId === message.nodeRunId),
      { timeoutMs: 30_000, description: `the result of ${message.nodeRunId}` },
    );
    expect(received.key).toBe(message.runId);
    expect(received.headers['idempotency-key']).toBe(message.idempotencyKey);
    return received.json as NodeCompletedMessage;
  }

  it('consumes the backend topic, renders the config and publishes the executor result', async () => {
    const deadline = new Date(Date.now() + 60_000).toISOString();
    const message = dispatch(
      { topic: 'deploys', value: { service: '{{ .outputs.trigger.service }}' } },
      deadline,
    );
    const result = await run(message);
    expect(result).toMatchObject({
      orgId: ORG,
      runId: message.runId,
      nodeRunId: message.nodeRunId,
      attempt: 2,
      status: 'COMPLETED',
      result: 'SUCCESS',
      output: { echoed: { type: 'KAFKA', topic: 'deploys', value: { service: 'svc-a' } } },
      logs: [{ logLevel: 'INFO', log: `did ${message.idempotencyKey}` }],
    });
    const call = executor.calls.find((item) => item.dispatch.nodeRunId === message.nodeRunId);
    expect(call?.idempotencyKey).toBe(message.idempotencyKey);
    expect(call?.deadline?.toISOString()).toBe(deadline);
    expect(call?.context.outputs).toEqual({ trigger: { service: 'svc-a' } });
    expect(call?.signal.aborted).toBe(false);
  });

  it('reports an executor that throws as EXECUTOR_ERROR (retryable)', async () => {
    const result = await run(dispatch({ fail: 'this' }));
    expect(result).toMatchObject({
      status: 'COMPLETED',
      result: 'FAILED',
      failure: {
        code: 'EXECUTOR_ERROR',
        retryable: true,
        message: 'the kafka executor failed: cannot do this',
      },
    });
  });

  it('does not start an attempt whose deadline has passed', async () => {
    const message = dispatch({ topic: 'late' }, new Date(Date.now() - 1_000).toISOString());
    const result = await run(message);
    expect(result).toMatchObject({
      result: 'FAILED',
      failure: { code: 'DEADLINE_EXCEEDED', retryable: false },
    });
    expect(executor.calls.some((item) => item.dispatch.nodeRunId === message.nodeRunId)).toBe(false);
  });

  it('fails retryably when the workflows service cannot resolve a referenced secret', async () => {
    const message = dispatch({ topic: 't', headers: { token: '{{ .secrets.TOKEN }}' } });
    const result = await run(message);
    expect(result).toMatchObject({
      result: 'FAILED',
      failure: { code: 'SECRETS_UNAVAILABLE', retryable: true },
    });
    expect(result.logs[0]).toMatchObject({ logLevel: 'ERROR' });
    expect(result.logs[0].log).toMatch(
      /^secret "TOKEN" could not be resolved: the workflows service did not answer/,
    );
    expect(executor.calls.some((item) => item.dispatch.nodeRunId === message.nodeRunId)).toBe(false);
  });
});
