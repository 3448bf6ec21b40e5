import path from 'node:path';
import { type DynamicModule } from '@nestjs/common';
import axios, { type AxiosInstance } from 'axios';
import { Client } from 'pg';
import { type Role } from '@flowline/nest-auth';
import { migrateDatabase } from '@flowline/nest-database';
import { FlowlineKafkaServer } from '@flowline/nest-kafka';
import { JsonLogger } from '@flowline/nest-observability';
import { kafkaSettingsFor, loadConfig, type ServiceConfig } from '@flowline/nest-service';
import {
  createTestNamespace,
  type RunningTestApp,
  serviceTestEnv,
  startTestApp,
  type TestNamespace,
  testToken,
} from '@flowline/testing';
import { AppModule } from '../app.module';
import { TriggerIndex } from '../definitions/trigger-index';
import { entities } from '../entities';
import { migrations } from '../migrations';
import { SERVICE_NAME, TriggersConfig } from '../triggers.config';

/** An HTTP client that never throws on a status, with a bearer token when given. */
export function httpClient(baseUrl: string, token?: string): AxiosInstance {
  return axios.create({
    baseURL: baseUrl,
    validateStatus: () => true,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

/** A caller of an org; admin unless told otherwise. */
export function userToken(
  orgId: string,
  roles: Role[] = ['admin'],
  actorId = `dev@${orgId}.example.com`,
): string {
  return testToken(orgId, { roles, actorId, kind: 'user' });
}

interface WorkflowsServiceSource {
  AppModule: { forRoot(config: ServiceConfig): DynamicModule };
  WorkflowsConfig: new () => ServiceConfig;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
}

export interface RunningWorkflowsService {
  ns: TestNamespace;
  running: RunningTestApp;
  close(): Promise<void>;
}

/**
 * The real workflows service, in-process on its own namespace: definitions are created through its HTTP
 * API and reach the triggers service through Kafka. Apps never import apps (STYLE.md §4), so its source
 * is loaded by path at run time (as apps/executor-webhook's tests do): no build-time dependency, and the
 * test still talks to the real thing.
 */
export async function startWorkflowsService(label: string): Promise<RunningWorkflowsService> {
  const source = path.resolve(__dirname, '../../../workflows/src');
  const load = (file: string): Promise<Record<string, unknown>> => import(path.join(source, file));
  const workflows = {
    ...(await load('app.module')),
    ...(await load('workflows.config')),
    ...(await load('entities')),
    ...(await load('migrations')),
  } as unknown as WorkflowsServiceSource;
  const ns = await createTestNamespace(label);
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
  const running = await startTestApp(workflows.AppModule.forRoot(config), {
    requestBodyLimits: config.requestBodyLimits,
  });
  return {
    ns,
    running,
    close: async () => {
      await running.close();
      await ns.dispose();
    },
  };
}

export interface RunningTriggersService {
  ns: TestNamespace;
  running: RunningTestApp;
  config: TriggersConfig;
  /** This replica's in-memory index, to wait until it has seen a change. */
  index: TriggerIndex;
  /** Its JSON log lines (log, warn and error), parsed. */
  logs: Array<{ level: string; message?: string; context?: string }>;
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * The triggers service as `main.ts` runs it, on its own schema, reading and writing the topics of
 * `topicPrefix` (the workflows service's, so definitions flow between them). Its entity-change consumer
 * group is named after its schema: kafkajs assigns every partition of a group's topics to its members
 * whatever each subscribed to, so test apps on other prefixes must not share the `triggers` group.
 */
export async function startTriggersService(options: {
  label: string;
  topicPrefix: string;
  workflowsUrl: string;
  env?: Record<string, string>;
}): Promise<RunningTriggersService> {
  const ns = await createTestNamespace(options.label);
  const config = loadConfig(
    TriggersConfig,
    serviceTestEnv(ns, {
      KAFKA_TOPIC_PREFIX: options.topicPrefix,
      WORKFLOWS_URL: options.workflowsUrl,
      RUN_CREATION_WAIT_MS: '0',
      ...options.env,
    }),
  );
  await migrateDatabase({ url: ns.databaseUrl, schema: ns.schema, entities, migrations });
  const logs: RunningTriggersService['logs'] = [];
  const running = await startTestApp(AppModule.forRoot(config), {
    beforeInit: (app) => {
      app.useLogger(
        new JsonLogger(
          SERVICE_NAME,
          (line) => logs.push(JSON.parse(line)),
          new Set(['log', 'warn', 'error']),
        ),
      );
      app.connectMicroservice({
        strategy: new FlowlineKafkaServer({
          ...kafkaSettingsFor(SERVICE_NAME, config),
          groupId: `triggers-${ns.schema}`,
        }),
      });
    },
  });
  const pg = new Client({ connectionString: ns.databaseUrl });
  await pg.connect();
  await pg.query(`set search_path to "${ns.schema}"`);
  return {
    ns,
    running,
    config,
    index: running.app.get(TriggerIndex),
    logs,
    sql: async <T>(query: string, params: unknown[] = []) => (await pg.query(query, params)).rows as T[],
    close: async () => {
      await running.close();
      await pg.end();
      await ns.dispose();
    },
  };
}

export interface RunningOrchestrator {
  running: RunningTestApp;
  close(): Promise<void>;
}

/**
 * The real orchestrator, in-process, consuming the run requests of `topicPrefix`, through its own test
 * harness (loaded by path at run time, like the workflows service above): it owns how it is booted.
 */
export async function startOrchestrator(label: string, topicPrefix: string): Promise<RunningOrchestrator> {
  const harnessFile = path.resolve(__dirname, '../../../orchestrator/src/__tests__/orchestrator-harness');
  const { OrchestratorHarness } = (await import(harnessFile)) as {
    OrchestratorHarness: { start(label: string, env: Record<string, string>): Promise<RunningOrchestrator> };
  };
  return OrchestratorHarness.start(label, { KAFKA_TOPIC_PREFIX: topicPrefix });
}
