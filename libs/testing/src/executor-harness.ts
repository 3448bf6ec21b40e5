import path from 'node:path';
import { type DynamicModule, type INestApplication } from '@nestjs/common';
import { type IHeaders } from 'kafkajs';
import {
  createMessage,
  type DispatchContext,
  type DispatchedNode,
  type ExecutorBackend,
  idempotencyKeyOf,
  newId,
  NODE_DISPATCH_MESSAGE_TYPE,
  type NodeCompletedMessage,
  nodeDispatchTopic,
  prefixedTopic,
  Topics,
} from '@flowline/contracts';
import { type DatabaseSettings, migrateDatabase } from '@flowline/nest-database';
import { FlowlineKafkaServer } from '@flowline/nest-kafka';
import { JsonLogger } from '@flowline/nest-observability';
import { kafkaSettingsFor, loadConfig, type ServiceConfig } from '@flowline/nest-service';
import { type ReceivedMessage, TestKafka, type TestNamespace, waitFor } from '@flowline/testing-infra';
import { type RunningTestApp, serviceTestEnv, startTestApp } from './service-harness';

/** What an executor app gives its harness: how `main.ts` builds it. */
export interface ExecutorApp<C extends ServiceConfig> {
  serviceName: string;
  Config: new () => C;
  AppModule: { forRoot(config: C): DynamicModule };
}

export interface RunningExecutorApp<C extends ServiceConfig> {
  running: RunningTestApp;
  /** Its JSON log lines (log, warn and error), as they were written. */
  logs: string[];
  config: C;
}

/**
 * An executor as `main.ts` runs it, consuming the namespace's dispatch topic, its JSON logs kept. Unless
 * `env` says otherwise its workflows service is a closed port: a test whose nodes name no secret never
 * calls it.
 */
export async function startExecutorApp<C extends ServiceConfig>(
  ns: TestNamespace,
  app: ExecutorApp<C>,
  env: Record<string, string> = {},
  options: { beforeInit?: (nest: INestApplication) => void } = {},
): Promise<RunningExecutorApp<C>> {
  const config = loadConfig(app.Config, serviceTestEnv(ns, { WORKFLOWS_URL: 'http://127.0.0.1:9', ...env }));
  const logs: string[] = [];
  const running = await startTestApp(app.AppModule.forRoot(config), {
    beforeInit: (nest) => {
      nest.useLogger(
        new JsonLogger(app.serviceName, (line) => logs.push(line), new Set(['log', 'warn', 'error'])),
      );
      options.beforeInit?.(nest);
      nest.connectMicroservice({
        strategy: new FlowlineKafkaServer(kafkaSettingsFor(app.serviceName, config)),
      });
    },
  });
  return { running, logs, config };
}

export interface DispatchOptions {
  /** The run's trigger output (`.outputs.trigger`). */
  trigger: Record<string, unknown>;
  deadline?: string;
  workflow?: { identifier: string; version: number };
  runId?: string;
  nodeRunId?: string;
  attempt?: number;
  chainDepth?: number;
}

/** A dispatch of `node`, as the orchestrator publishes it (fresh run and node-run ids unless given). */
export function nodeDispatch(orgId: string, node: DispatchedNode, options: DispatchOptions) {
  const runId = options.runId ?? newId('workflowRun');
  const nodeRunId = options.nodeRunId ?? newId('workflowNodeRun');
  const attempt = options.attempt ?? 1;
  const context: DispatchContext = {
    outputs: { trigger: options.trigger },
    workflow: options.workflow ?? { identifier: 'deploy-service', version: 3 },
    workflowRun: { identifier: runId, trigger: { by: { email: 'dev@example.com' } } },
    workflowNodeRun: { identifier: nodeRunId },
    ...(options.chainDepth === undefined ? {} : { chainDepth: options.chainDepth }),
  };
  return createMessage(NODE_DISPATCH_MESSAGE_TYPE, orgId, {
    runId,
    nodeRunId,
    attempt,
    idempotencyKey: idempotencyKeyOf(nodeRunId, attempt),
    node,
    context,
    ...(options.deadline ? { deadline: options.deadline } : {}),
  });
}

export type TestDispatch = ReturnType<typeof nodeDispatch>;

/** Publishes dispatches to one backend and reads the node results, on the namespace's topics. */
export class NodeDispatchProbe {
  private constructor(
    readonly kafka: TestKafka,
    private readonly topic: string,
    readonly completed: ReceivedMessage[],
  ) {}

  static async start(ns: TestNamespace, backend: ExecutorBackend): Promise<NodeDispatchProbe> {
    const kafka = new TestKafka(ns.kafkaBrokers);
    const completed = await kafka.collect(prefixedTopic(Topics.nodeCompleted, ns.topicPrefix));
    return new NodeDispatchProbe(kafka, prefixedTopic(nodeDispatchTopic(backend), ns.topicPrefix), completed);
  }

  async send(dispatch: TestDispatch, headers?: IHeaders): Promise<void> {
    await this.kafka.send(this.topic, dispatch, dispatch.runId, headers);
  }

  /** Sends a dispatch and waits for its (first) result. */
  async run(dispatch: TestDispatch, headers?: IHeaders): Promise<NodeCompletedMessage> {
    await this.send(dispatch, headers);
    return this.resultOf(dispatch);
  }

  resultOf(dispatch: TestDispatch, count = 1): Promise<NodeCompletedMessage> {
    return waitFor(
      () => {
        const matching = this.resultsOf(dispatch);
        return matching.length >= count ? matching[0] : undefined;
      },
      { timeoutMs: 30_000, description: `the result of ${dispatch.nodeRunId}` },
    );
  }

  /** Waits for the dispatch's (first) result with this status. */
  waitForResult(dispatch: TestDispatch, status: 'IN_PROGRESS' | 'COMPLETED'): Promise<NodeCompletedMessage> {
    return waitFor(() => this.resultsOf(dispatch).find((result) => result.status === status), {
      timeoutMs: 30_000,
      description: `a ${status} result of ${dispatch.nodeRunId}`,
    });
  }

  /** Every result reported for the dispatch's node run, in arrival order. */
  resultsOf(dispatch: TestDispatch): NodeCompletedMessage[] {
    return this.completed
      .filter((message) => (message.json as { nodeRunId?: string })?.nodeRunId === dispatch.nodeRunId)
      .map((message) => message.json as NodeCompletedMessage);
  }

  close(): Promise<void> {
    return this.kafka.close();
  }
}

interface ServiceSource {
  AppModule: { forRoot(config: ServiceConfig): DynamicModule };
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
  [name: string]: unknown;
}

/**
 * Another service, in-process, migrated into the namespace, from its source folder. Apps never import apps,
 * so its source is loaded by path at run time: the app under test keeps no build-time dependency on it,
 * and the test still talks to the real thing over HTTP.
 */
export async function startServiceFromSource(
  ns: TestNamespace,
  service: {
    sourceDir: string;
    config: { file: string; name: string };
    entities: { file: string; name: string };
    env?: Record<string, string>;
  },
): Promise<RunningTestApp> {
  const load = (file: string): Promise<Record<string, unknown>> => import(path.join(service.sourceDir, file));
  const source = {
    ...(await load('app.module')),
    ...(await load(service.config.file)),
    ...(await load(service.entities.file)),
    ...(await load('migrations')),
  } as ServiceSource;
  await migrateDatabase({
    url: ns.databaseUrl,
    schema: ns.schema,
    entities: source[service.entities.name] as DatabaseSettings['entities'],
    migrations: source.migrations,
  });
  const Config = source[service.config.name] as new () => ServiceConfig;
  const config = loadConfig(Config, serviceTestEnv(ns, service.env ?? {}));
  return startTestApp(source.AppModule.forRoot(config), { requestBodyLimits: config.requestBodyLimits });
}
