import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { migrateDatabase } from '@flowline/nest-database';
import {
  createTestNamespace,
  type LocalGitHubRepository,
  LocalGitHubServer,
  NodeDispatchProbe,
  nodeDispatch,
  type RunningTestApp,
  startExecutorApp,
  type TestDispatch,
  type TestNamespace,
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
  const { running } = await startExecutorApp(
    ns,
    { serviceName: SERVICE_NAME, Config: ExecutorGithubConfig, AppModule },
    {
      GITHUB_APP_ID: APP_ID,
      // As an env var usually carries it: line breaks escaped.
      GITHUB_APP_PRIVATE_KEY: privateKey.replace(/\n/g, '\\n'),
      GITHUB_API_URL: github.baseUrl,
      GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET,
      GITHUB_RUN_LOOKUP_INTERVAL_MS: '100',
      ...env,
    },
    { beforeInit: configureRequestBodies },
  );
  return { ...running, webhookUrl: `${running.baseUrl}${GITHUB_WEBHOOK_PATH}` };
}

/**
 * What every GitHub executor test stands on: a namespace, a local GitHub with the given repositories
 * that knows the app's public key, the executor's tables, the executor, and a probe of its topics.
 */
export class GitHubTestbed {
  private constructor(
    readonly ns: TestNamespace,
    readonly github: LocalGitHubServer,
    readonly probe: NodeDispatchProbe,
    private readonly privateKey: string,
    private readonly env: Record<string, string>,
    public executor?: RunningExecutor,
  ) {}

  /** `appKey: 'unknown'`: the executor signs with a key GitHub does not know for the app. */
  static async start(
    label: string,
    options: {
      repositories: LocalGitHubRepository[];
      env?: Record<string, string>;
      appKey?: 'registered' | 'unknown';
    },
  ): Promise<GitHubTestbed> {
    const ns = await createTestNamespace(label);
    const keys = githubAppKeys();
    const github = await LocalGitHubServer.start({ appId: APP_ID, appPublicKey: keys.publicKey });
    for (const repository of options.repositories) github.addRepository(repository);
    await migrateDatabase({ url: ns.databaseUrl, schema: ns.schema, entities, migrations });
    const privateKey = options.appKey === 'unknown' ? githubAppKeys().privateKey : keys.privateKey;
    const env = options.env ?? {};
    // The executor first: it creates the topics the probe reads.
    const executor = await startExecutor(ns, github, privateKey, env);
    const probe = await NodeDispatchProbe.start(ns, 'github');
    return new GitHubTestbed(ns, github, probe, privateKey, env, executor);
  }

  /** Starts the executor (again, after `stopExecutor`). */
  async startExecutor(): Promise<RunningExecutor> {
    this.executor = await startExecutor(this.ns, this.github, this.privateKey, this.env);
    return this.executor;
  }

  async stopExecutor(): Promise<void> {
    await this.executor?.close();
    this.executor = undefined;
  }

  async close(): Promise<void> {
    await this.probe.close();
    await this.stopExecutor();
    await this.github.close();
    await this.ns.dispose();
  }
}

/** A dispatch of a GitHub node, as the orchestrator publishes it. */
export function githubDispatch(
  orgId: string,
  config: Record<string, unknown> & { type: string },
): TestDispatch {
  return nodeDispatch(
    orgId,
    { identifier: 'run-github-workflow', config },
    {
      trigger: { service: 'svc-a', environment: 'production', replicas: 3 },
      workflow: { identifier: 'deploy-service', version: 2 },
    },
  );
}

export type Dispatch = TestDispatch;

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
