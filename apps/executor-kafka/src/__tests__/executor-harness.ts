import { type IHeaders } from 'kafkajs';
import {
  createMessage,
  type DispatchContext,
  idempotencyKeyOf,
  newId,
  NODE_DISPATCH_MESSAGE_TYPE,
  type NodeCompletedMessage,
  nodeDispatchTopic,
  prefixedTopic,
  Topics,
} from '@flowline/contracts';
import { FlowlineKafkaServer } from '@flowline/nest-kafka';
import { JsonLogger } from '@flowline/nest-observability';
import { kafkaSettingsFor, loadConfig } from '@flowline/nest-service';
import {
  type ReceivedMessage,
  type RunningTestApp,
  serviceTestEnv,
  startTestApp,
  TestKafka,
  type TestNamespace,
  waitFor,
} from '@flowline/testing';
import { AppModule } from '../app.module';
import { ExecutorKafkaConfig, SERVICE_NAME } from '../executor-kafka.config';

/** The executor as `main.ts` runs it, consuming the namespace's dispatch topic; its JSON logs are kept. */
export async function startExecutor(
  ns: TestNamespace,
  env: Record<string, string> = {},
): Promise<{ running: RunningTestApp; logs: string[]; config: ExecutorKafkaConfig }> {
  // No test references a secret, so the workflows service is never called: a closed port will do.
  const config = loadConfig(
    ExecutorKafkaConfig,
    serviceTestEnv(ns, { WORKFLOWS_URL: 'http://127.0.0.1:9', ...env }),
  );
  const logs: string[] = [];
  const running = await startTestApp(AppModule.forRoot(config), {
    beforeInit: (app) => {
      app.useLogger(
        new JsonLogger(SERVICE_NAME, (line) => logs.push(line), new Set(['log', 'warn', 'error'])),
      );
      app.connectMicroservice({ strategy: new FlowlineKafkaServer(kafkaSettingsFor(SERVICE_NAME, config)) });
    },
  });
  return { running, logs, config };
}

export const TRIGGER_OUTPUT = { service: 'svc-a', version: '1.4.2', environment: 'staging', replicas: 3 };

/** A dispatch of a KAFKA node, as the orchestrator publishes it. */
export function kafkaDispatch(orgId: string, config: Record<string, unknown>) {
  const runId = newId('workflowRun');
  const nodeRunId = newId('workflowNodeRun');
  const context: DispatchContext = {
    outputs: { trigger: TRIGGER_OUTPUT },
    workflow: { identifier: 'deploy-service', version: 3 },
    workflowRun: { identifier: runId, trigger: { by: { email: 'dev@example.com' } } },
    workflowNodeRun: { identifier: nodeRunId },
  };
  return createMessage(NODE_DISPATCH_MESSAGE_TYPE, orgId, {
    runId,
    nodeRunId,
    attempt: 1,
    idempotencyKey: idempotencyKeyOf(nodeRunId, 1),
    node: { identifier: 'publish-event', config: { type: 'KAFKA', ...config } },
    context,
  });
}

export type Dispatch = ReturnType<typeof kafkaDispatch>;

/** Publishes dispatches and reads the executor's results, on the namespace's topics. */
export class DispatchProbe {
  private constructor(
    readonly kafka: TestKafka,
    private readonly ns: TestNamespace,
    readonly completed: ReceivedMessage[],
  ) {}

  static async start(ns: TestNamespace): Promise<DispatchProbe> {
    const kafka = new TestKafka(ns.kafkaBrokers);
    const completed = await kafka.collect(prefixedTopic(Topics.nodeCompleted, ns.topicPrefix));
    return new DispatchProbe(kafka, ns, completed);
  }

  async send(dispatch: Dispatch, headers?: IHeaders): Promise<void> {
    const topic = prefixedTopic(nodeDispatchTopic('kafka'), this.ns.topicPrefix);
    await this.kafka.send(topic, dispatch, dispatch.runId, headers);
  }

  /** Sends a dispatch and waits for its (first) result. */
  async run(dispatch: Dispatch, headers?: IHeaders): Promise<NodeCompletedMessage> {
    await this.send(dispatch, headers);
    return this.resultOf(dispatch);
  }

  async resultOf(dispatch: Dispatch, count = 1): Promise<NodeCompletedMessage> {
    return waitFor(
      () => {
        const matching = this.resultsOf(dispatch);
        return matching.length >= count ? matching[0] : undefined;
      },
      { timeoutMs: 30_000, description: `the result of ${dispatch.nodeRunId}` },
    );
  }

  resultsOf(dispatch: Dispatch): NodeCompletedMessage[] {
    return this.completed
      .filter((message) => (message.json as { nodeRunId?: string })?.nodeRunId === dispatch.nodeRunId)
      .map((message) => message.json as NodeCompletedMessage);
  }

  close(): Promise<void> {
    return this.kafka.close();
  }
}
