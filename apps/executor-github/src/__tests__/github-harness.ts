import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { Client } from 'pg';
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
import { kafkaSettingsFor, loadConfig } from '@flowline/nest-service';
import {
  LocalGitHubServer,
  type ReceivedMessage,
  type RunningTestApp,
  serviceTestEnv,
  startTestApp,
  TestKafka,
  type TestNamespace,
  waitFor,
} from '@flowline/testing';
import { AppModule } from '../app.module';
import { entities } from '../entities';
import { ExecutorGithubConfig, SERVICE_NAME } from '../executor-github.config';
import { configureRequestBodies, GITHUB_WEBHOOK_PATH } from '../http/raw-body';
import { migrations } from '../migrations';

export const APP_ID = '424242';
export const WEBHOOK_SECRET = `whsec-${randomBytes(12).toString('hex')}`;

/** A GitHub App's key pair, made for the test; GitHub issues PKCS#1 private keys. */
export function githubAppKeys(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
}

export async function startLocalGitHub(publicKey: string): Promise<LocalGitHubServer> {
  return LocalGitHubServer.start({ appId: APP_ID, appPublicKey: publicKey });
}

export async function migrate(ns: TestNamespace): Promise<void> {
  await migrateDatabase({ url: ns.databaseUrl, schema: ns.schema, entities, migrations });
}

export interface RunningExecutor extends RunningTestApp {
  webhookUrl: string;
}

/** The executor as main.ts runs it, against the local GitHub, consuming the namespace's dispatch topic. */
export async function startExecutor(
  ns: TestNamespace,
  github: LocalGitHubServer,
  privateKey: string,
  env: Record<string, string> = {},
): Promise<RunningExecutor> {
  const config = loadConfig(
    ExecutorGithubConfig,
    serviceTestEnv(ns, {
      // No node here references a secret, so the workflows service is never asked.
      WORKFLOWS_URL: 'http://127.0.0.1:9',
      GITHUB_APP_ID: APP_ID,
      // As an env var usually carries it: line breaks escaped.
      GITHUB_APP_PRIVATE_KEY: privateKey.replace(/\n/g, '\\n'),
      GITHUB_API_URL: github.baseUrl,
      GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET,
      GITHUB_RUN_LOOKUP_INTERVAL_MS: '100',
      ...env,
    }),
  );
  const running = await startTestApp(AppModule.forRoot(config), {
    beforeInit: (app) => {
      configureRequestBodies(app);
      app.connectMicroservice({ strategy: new FlowlineKafkaServer(kafkaSettingsFor(SERVICE_NAME, config)) });
    },
  });
  return { ...running, webhookUrl: `${running.baseUrl}${GITHUB_WEBHOOK_PATH}` };
}

const context = (runId: string, nodeRunId: string): DispatchContext => ({
  outputs: { trigger: { service: 'svc-a', environment: 'production', replicas: 3 } },
  workflow: { identifier: 'deploy-service', version: 2 },
  workflowRun: { identifier: runId, trigger: { by: { email: 'dev@example.com' } } },
  workflowNodeRun: { identifier: nodeRunId },
});

/** A dispatch of a GitHub node, as the orchestrator publishes it. */
export function githubDispatch(orgId: string, config: Record<string, unknown> & { type: string }) {
  const runId = newId('workflowRun');
  const nodeRunId = newId('workflowNodeRun');
  return createMessage(NODE_DISPATCH_MESSAGE_TYPE, orgId, {
    runId,
    nodeRunId,
    attempt: 1,
    idempotencyKey: idempotencyKeyOf(nodeRunId, 1),
    node: { identifier: 'run-github-workflow', config },
    context: context(runId, nodeRunId),
  });
}

export type Dispatch = ReturnType<typeof githubDispatch>;

/** Publishes dispatches and reads the node results, on the namespace's topics. */
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
    const topic = prefixedTopic(nodeDispatchTopic('github'), this.ns.topicPrefix);
    await this.kafka.send(topic, dispatch, dispatch.runId);
  }

  /** Every result reported for the dispatch's node run, in arrival order. */
  resultsOf(dispatch: Dispatch): NodeCompletedMessage[] {
    return this.completed
      .filter((message) => (message.json as { nodeRunId?: string })?.nodeRunId === dispatch.nodeRunId)
      .map((message) => message.json as NodeCompletedMessage);
  }

  /** Waits for the dispatch's result with this status. */
  waitForResult(dispatch: Dispatch, status: 'IN_PROGRESS' | 'COMPLETED'): Promise<NodeCompletedMessage> {
    return waitFor(() => this.resultsOf(dispatch).find((result) => result.status === status), {
      timeoutMs: 30_000,
      description: `a ${status} result of ${dispatch.nodeRunId}`,
    });
  }

  close(): Promise<void> {
    return this.kafka.close();
  }
}

/** The executor's record of a node run's dispatch, read straight from its table. */
export async function dispatchedRunRow(
  ns: TestNamespace,
  nodeRunId: string,
): Promise<{ status: string; conclusion: string | null; github_run_id: string | null } | undefined> {
  const client = new Client({ connectionString: ns.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `select status, conclusion, github_run_id from "${ns.schema}".dispatched_runs where node_run_id = $1`,
      [nodeRunId],
    );
    return rows[0];
  } finally {
    await client.end();
  }
}
