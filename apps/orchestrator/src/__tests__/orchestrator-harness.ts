import axios, { type AxiosInstance } from 'axios';
import { Client } from 'pg';
import {
  createMessage,
  newId,
  NODE_COMPLETED_MESSAGE_TYPE,
  type NodeDispatchMessage,
  type NodeCompletedMessage,
  prefixedTopic,
  RUN_REQUESTED_MESSAGE_TYPE,
  type RunActor,
  type RunRequestedMessage,
  Topics,
} from '@flowline/contracts';
import { migrateDatabase } from '@flowline/nest-database';
import { kafkaSettingsFor, loadConfig } from '@flowline/nest-service';
import {
  createTestNamespace,
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
import { entities } from '../entities';
import { useExtendedQueryParser } from '../http/http-conventions';
import { connectKafkaConsumer } from '../messaging/kafka-consumer';
import { migrations } from '../migrations';
import { OrchestratorConfig, SERVICE_NAME } from '../orchestrator.config';

type Json = Record<string, unknown>;

/** The orchestrator on its own schema and topic prefix, consuming Kafka like `main.ts` makes it. */
export class OrchestratorHarness {
  private stopped = false;

  private constructor(
    readonly ns: TestNamespace,
    public running: RunningTestApp,
    readonly kafka: TestKafka,
    private readonly pg: Client,
    private readonly startApp: () => Promise<RunningTestApp>,
  ) {}

  static async start(label: string, env: Record<string, string> = {}): Promise<OrchestratorHarness> {
    const ns = await createTestNamespace(label);
    const config = loadConfig(
      OrchestratorConfig,
      // No executors run beside these tests: their nodes are not reported unserved unless a test asks.
      serviceTestEnv(ns, { TIMER_SWEEP_INTERVAL_MS: '100', EXECUTOR_PRESENCE_INTERVAL_MS: '0', ...env }),
    );
    await migrateDatabase({ url: ns.databaseUrl, schema: ns.schema, entities, migrations });
    // Each test file has its own consumer group: files never wait on each other's rebalances.
    const kafkaSettings = { ...kafkaSettingsFor(SERVICE_NAME, config), groupId: `orchestrator-${ns.schema}` };
    const startApp = () =>
      startTestApp(AppModule.forRoot(config), {
        beforeInit: (app) => {
          useExtendedQueryParser(app);
          connectKafkaConsumer(app, kafkaSettings);
        },
        requestBodyLimits: config.requestBodyLimits,
      });
    const running = await startApp();
    const pg = new Client({ connectionString: ns.databaseUrl });
    await pg.connect();
    await pg.query(`set search_path to "${ns.schema}"`);
    return new OrchestratorHarness(ns, running, new TestKafka(ns.kafkaBrokers), pg, startApp);
  }

  /** Stops the service and starts a new instance on the same schema and topics (a restart). */
  async restartApp(): Promise<void> {
    await this.running.close();
    this.running = await this.startApp();
  }

  /** An HTTP client that never throws on a status. */
  http(token?: string): AxiosInstance {
    return axios.create({
      baseURL: this.running.baseUrl,
      validateStatus: () => true,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  }

  async sql<T = Json>(query: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pg.query(query, params)).rows as T[];
  }

  topic(name: string): string {
    return prefixedTopic(name, this.ns.topicPrefix);
  }

  /** Publishes raw JSON to a contract topic of this test's installation (not through the service's code). */
  async publish(topic: string, message: object, key: string): Promise<void> {
    await this.kafka.send(this.topic(topic), message, key);
  }

  async requestRun(
    orgId: string,
    definition: Json,
    options: { output?: Json; by?: RunActor; runKey?: string; version?: number } = {},
  ): Promise<RunRequestedMessage> {
    const runId = newId('workflowRun');
    const message = runRequested(orgId, runId, definition, options);
    await this.publish(Topics.runRequested, message, runId);
    return message;
  }

  /** Waits until the run exists (and optionally until it matches) and returns it as the API shows it. */
  async waitForRun(orgId: string, runId: string, until: (run: Json) => boolean = () => true): Promise<Json> {
    const api = this.http(testToken(orgId, { kind: 'machine', actorId: 'test-probe' }));
    return waitFor(
      async () => {
        const response = await api.get(`/v1/workflows/runs/${runId}`);
        const run = response.status === 200 ? (response.data.workflowRun as Json) : undefined;
        return run && until(run) ? run : undefined;
      },
      { description: `run ${runId}`, timeoutMs: 30_000 },
    );
  }

  /** Dispatch messages of one run, in the order they arrived, from a `kafka.collect` of a dispatch topic. */
  static dispatchesOf(received: ReceivedMessage[], runId: string): NodeDispatchMessage[] {
    return received.map((m) => m.json as NodeDispatchMessage).filter((d) => d.runId === runId);
  }

  /** Stops the service (graceful shutdown) while the database and Kafka stay readable by the test. */
  async stopApp(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.running.close();
  }

  async close(): Promise<void> {
    await this.stopApp();
    await this.kafka.close();
    await this.pg.end();
    await this.ns.dispose();
  }
}

export function runRequested(
  orgId: string,
  runId: string,
  definition: Json,
  options: { output?: Json; by?: RunActor; runKey?: string; version?: number } = {},
): RunRequestedMessage {
  const at = '2026-02-01T10:00:00.000Z';
  return createMessage(RUN_REQUESTED_MESSAGE_TYPE, orgId, {
    runId,
    runKey: options.runKey ?? `key-${runId}`,
    workflow: {
      ...definition,
      orgId,
      version: options.version ?? 1,
      createdBy: 'author',
      updatedBy: 'author',
      createdAt: at,
      updatedAt: at,
    },
    trigger: {
      kind: 'SELF_SERVE',
      nodeIdentifier: 'trigger',
      by: options.by ?? { actorId: `user@${orgId}`, kind: 'user' },
      output: options.output ?? {},
    },
    chainDepth: 0,
  }) as RunRequestedMessage;
}

export function nodeCompleted(
  orgId: string,
  fields: Pick<NodeCompletedMessage, 'runId' | 'nodeRunId' | 'status'> & Partial<NodeCompletedMessage>,
): NodeCompletedMessage {
  return createMessage(NODE_COMPLETED_MESSAGE_TYPE, orgId, {
    attempt: 1,
    logs: [],
    ...fields,
  }) as NodeCompletedMessage;
}

/** A Port-style workflow: trigger → WEBHOOK(s), wired in a line, with an optional async first webhook. */
export function webhookChain(identifier: string, nodes: string[], extra: Json = {}): Json {
  return {
    identifier,
    title: `Flow ${identifier}`,
    icon: 'Deployment',
    nodes: [
      { identifier: 'trigger', config: { type: 'SELF_SERVE_TRIGGER', userInputs: { properties: {} } } },
      ...nodes.map((id) => ({
        identifier: id,
        title: `Call ${id}`,
        config: {
          type: 'WEBHOOK',
          url: `https://hooks.example.com/${id}`,
          body: { env: '{{ .outputs.trigger.env }}' },
        },
      })),
    ],
    connections: nodes.map((id, i) => ({
      sourceIdentifier: i === 0 ? 'trigger' : nodes[i - 1],
      targetIdentifier: id,
    })),
    ...extra,
  };
}

export function adminToken(orgId: string): string {
  return testToken(orgId, { roles: ['admin'], actorId: `admin@${orgId}` });
}
