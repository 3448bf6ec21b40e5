import { type DynamicModule } from '@nestjs/common';
import path from 'node:path';
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
import { migrateDatabase } from '@flowline/nest-database';
import { FlowlineKafkaServer } from '@flowline/nest-kafka';
import { JsonLogger } from '@flowline/nest-observability';
import { kafkaSettingsFor, loadConfig, type ServiceConfig } from '@flowline/nest-service';
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
import { ExecutorWebhookConfig, SERVICE_NAME } from '../executor-webhook.config';

export const SIGNING_SECRET = 'an-integration-test-signing-secret-0123456789';

/** The executor as `main.ts` runs it, consuming the namespace's dispatch topic; its JSON logs are kept. */
export async function startExecutor(
  ns: TestNamespace,
  env: Record<string, string>,
): Promise<{ running: RunningTestApp; logs: string[] }> {
  const config = loadConfig(
    ExecutorWebhookConfig,
    serviceTestEnv(ns, { WEBHOOK_SIGNING_SECRET: SIGNING_SECRET, ...env }),
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
  return { running, logs };
}

interface WorkflowsServiceSource {
  AppModule: { forRoot(config: ServiceConfig): DynamicModule };
  WorkflowsConfig: new () => ServiceConfig;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
}

/**
 * The real workflows service, in-process, whose internal endpoint resolves secrets. Apps never import
 * apps (STYLE.md §4), so its source is loaded by path at run time: the executor keeps no build-time
 * dependency on it, and the test still talks to the real thing over HTTP.
 */
export async function startWorkflowsService(ns: TestNamespace): Promise<RunningTestApp> {
  const source = path.resolve(__dirname, '../../../workflows/src');
  const load = (file: string): Promise<Record<string, unknown>> => import(path.join(source, file));
  const workflows = {
    ...(await load('app.module')),
    ...(await load('workflows.config')),
    ...(await load('entities')),
    ...(await load('migrations')),
  } as unknown as WorkflowsServiceSource;
  const config = loadConfig(
    workflows.WorkflowsConfig,
    serviceTestEnv(ns, { SECRETS_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') }),
  );
  await migrateDatabase({
    url: ns.databaseUrl,
    schema: ns.schema,
    entities: workflows.entities,
    migrations: workflows.migrations,
  });
  return startTestApp(workflows.AppModule.forRoot(config), { requestBodyLimits: config.requestBodyLimits });
}

export const TRIGGER_OUTPUT = { service: 'svc-a', count: 3, email: 'dev@example.com' };

/** A dispatch of a WEBHOOK node, as the orchestrator publishes it. */
export function webhookDispatch(
  orgId: string,
  config: Record<string, unknown>,
  extra: { timeoutSeconds?: number; deadline?: string } = {},
) {
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
    node: {
      identifier: 'call-webhook',
      config: { type: 'WEBHOOK', ...config },
      ...(extra.timeoutSeconds ? { timeoutSeconds: extra.timeoutSeconds } : {}),
    },
    context,
    ...(extra.deadline ? { deadline: extra.deadline } : {}),
  });
}

export type Dispatch = ReturnType<typeof webhookDispatch>;

/** Publishes dispatches and reads the executor's results, on the namespace's topics. */
export class DispatchProbe {
  private constructor(
    private readonly kafka: TestKafka,
    private readonly ns: TestNamespace,
    readonly completed: ReceivedMessage[],
  ) {}

  static async start(ns: TestNamespace): Promise<DispatchProbe> {
    const kafka = new TestKafka(ns.kafkaBrokers);
    const completed = await kafka.collect(prefixedTopic(Topics.nodeCompleted, ns.topicPrefix));
    return new DispatchProbe(kafka, ns, completed);
  }

  async send(dispatch: Dispatch): Promise<void> {
    await this.kafka.send(
      prefixedTopic(nodeDispatchTopic('webhook'), this.ns.topicPrefix),
      dispatch,
      dispatch.runId,
    );
  }

  /** Sends a dispatch and waits for its (first) result. */
  async run(dispatch: Dispatch): Promise<NodeCompletedMessage> {
    await this.send(dispatch);
    return this.resultOf(dispatch);
  }

  async resultOf(dispatch: Dispatch, count = 1): Promise<NodeCompletedMessage> {
    const found = await waitFor(
      () => {
        const matching = this.resultsOf(dispatch);
        return matching.length >= count ? matching[0] : undefined;
      },
      { timeoutMs: 30_000, description: `the result of ${dispatch.nodeRunId}` },
    );
    return found;
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
