import { type DynamicModule } from '@nestjs/common';
import path from 'node:path';
import axios, { type AxiosInstance } from 'axios';
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
  testToken,
  waitFor,
} from '@flowline/testing';
import { AppModule } from '../app.module';
import { ExecutorUpsertEntityConfig, SERVICE_NAME } from '../executor-upsert-entity.config';

/** The executor as `main.ts` runs it, consuming the namespace's dispatch topic; its JSON logs are kept. */
export async function startExecutor(
  ns: TestNamespace,
  env: Record<string, string>,
): Promise<{ running: RunningTestApp; logs: string[] }> {
  // No test references a secret, so the workflows service is never called: a closed port will do.
  const config = loadConfig(
    ExecutorUpsertEntityConfig,
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
  return { running, logs };
}

interface CatalogServiceSource {
  AppModule: { forRoot(config: ServiceConfig): DynamicModule };
  CatalogConfig: new () => ServiceConfig;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  databaseEntities: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
}

/**
 * The real catalog service, in-process, on the namespace's schema and topic prefix. Apps never import
 * apps (STYLE.md §4), so its source is loaded by path at run time: the executor keeps no build-time
 * dependency on it, and the test still talks to the real thing over HTTP.
 */
export async function startCatalogService(ns: TestNamespace): Promise<RunningTestApp> {
  const source = path.resolve(__dirname, '../../../catalog/src');
  const load = (file: string): Promise<Record<string, unknown>> => import(path.join(source, file));
  const catalog = {
    ...(await load('app.module')),
    ...(await load('catalog.config')),
    ...(await load('database-entities')),
    ...(await load('migrations')),
  } as unknown as CatalogServiceSource;
  await migrateDatabase({
    url: ns.databaseUrl,
    schema: ns.schema,
    entities: catalog.databaseEntities,
    migrations: catalog.migrations,
  });
  const config = loadConfig(catalog.CatalogConfig, serviceTestEnv(ns));
  return startTestApp(catalog.AppModule.forRoot(config));
}

/** An HTTP client acting for a person of one org; it never throws on a status. */
export function catalogClientFor(catalog: RunningTestApp, orgId: string): AxiosInstance {
  return axios.create({
    baseURL: catalog.baseUrl,
    validateStatus: () => true,
    headers: { authorization: `Bearer ${testToken(orgId)}` },
  });
}

export const teamBlueprint = {
  identifier: 'team',
  title: 'Team',
  schema: { properties: { slack: { type: 'string' } }, required: [] },
};

export const serviceBlueprint = {
  identifier: 'service',
  title: 'Service',
  schema: {
    properties: {
      language: { type: 'string', enum: ['go', 'ts', 'python'] },
      replicas: { type: 'number', minimum: 0 },
      tags: { type: 'array', items: { type: 'string' } },
      version: { type: 'string' },
    },
    required: ['language'],
  },
  relations: {
    owner: { title: 'Owner', target: 'team', many: false, required: false },
    dependsOn: { target: 'service', many: true, required: false },
  },
};

export const TRIGGER_OUTPUT = {
  service: 'svc-a',
  title: 'Service A',
  language: 'ts',
  replicas: 3,
  tags: ['api', 'public'],
  team: 'platform',
  deps: '["svc-b"]',
};

/** A dispatch of an UPSERT_ENTITY node, as the orchestrator publishes it. */
export function upsertDispatch(
  orgId: string,
  config: Record<string, unknown>,
  options: { chainDepth?: number; nodeRunId?: string; attempt?: number; runId?: string } = {},
) {
  const runId = options.runId ?? newId('workflowRun');
  const nodeRunId = options.nodeRunId ?? newId('workflowNodeRun');
  const attempt = options.attempt ?? 1;
  const context: DispatchContext = {
    outputs: { trigger: TRIGGER_OUTPUT },
    workflow: { identifier: 'register-service', version: 2 },
    workflowRun: { identifier: runId, trigger: { by: { email: 'dev@example.com' } } },
    workflowNodeRun: { identifier: nodeRunId },
    ...(options.chainDepth === undefined ? {} : { chainDepth: options.chainDepth }),
  };
  return createMessage(NODE_DISPATCH_MESSAGE_TYPE, orgId, {
    runId,
    nodeRunId,
    attempt,
    idempotencyKey: idempotencyKeyOf(nodeRunId, attempt),
    node: { identifier: 'upsert-service', config: { type: 'UPSERT_ENTITY', ...config } },
    context,
  });
}

export type Dispatch = ReturnType<typeof upsertDispatch>;

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

  async send(dispatch: Dispatch): Promise<void> {
    const topic = prefixedTopic(nodeDispatchTopic('upsert-entity'), this.ns.topicPrefix);
    await this.kafka.send(topic, dispatch, dispatch.runId);
  }

  /** Sends a dispatch and waits for its (first) result. */
  async run(dispatch: Dispatch): Promise<NodeCompletedMessage> {
    await this.send(dispatch);
    return this.resultOf(dispatch);
  }

  /** The result of this attempt (`count`: wait until that many results of it arrived). */
  async resultOf(dispatch: Dispatch, count = 1): Promise<NodeCompletedMessage> {
    return waitFor(
      () => {
        const matching = this.resultsOf(dispatch);
        return matching.length >= count ? matching[0] : undefined;
      },
      { timeoutMs: 30_000, description: `the result of ${dispatch.idempotencyKey}` },
    );
  }

  resultsOf(dispatch: Dispatch): NodeCompletedMessage[] {
    return this.completed
      .map((message) => message.json as NodeCompletedMessage)
      .filter((result) => result?.nodeRunId === dispatch.nodeRunId && result.attempt === dispatch.attempt);
  }

  close(): Promise<void> {
    return this.kafka.close();
  }
}
