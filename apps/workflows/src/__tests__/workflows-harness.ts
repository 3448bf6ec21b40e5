import { type INestApplication } from '@nestjs/common';
import axios, { type AxiosInstance } from 'axios';
import { Client } from 'pg';
import { migrateDatabase } from '@flowline/nest-database';
import { loadConfig } from '@flowline/nest-service';
import {
  createTestNamespace,
  type RunningTestApp,
  serviceTestEnv,
  startTestApp,
  type TestNamespace,
  testToken,
} from '@flowline/testing';
import { AppModule } from '../app.module';
import { entities } from '../entities';
import { migrations } from '../migrations';
import { WorkflowsConfig } from '../workflows.config';

export const TEST_SECRETS_KEY = Buffer.alloc(32, 7).toString('base64');

/** The workflows service on its own schema and topic prefix, configured like `main.ts` configures it. */
export interface WorkflowsHarness {
  ns: TestNamespace;
  running: RunningTestApp;
  /** An HTTP client for the service that never throws on a status; `token` is sent as a bearer token. */
  http(token?: string): AxiosInstance;
  /** Runs SQL against the service's own schema (to look at what is really stored). */
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function startWorkflowsHarness(
  label: string,
  options: { beforeInit?: (app: INestApplication) => void } = {},
): Promise<WorkflowsHarness> {
  const ns = await createTestNamespace(label);
  const config = loadConfig(
    WorkflowsConfig,
    serviceTestEnv(ns, { SECRETS_ENCRYPTION_KEY: TEST_SECRETS_KEY }),
  );
  await migrateDatabase({ url: ns.databaseUrl, schema: ns.schema, entities, migrations });
  const running = await startTestApp(AppModule.forRoot(config), {
    beforeInit: options.beforeInit,
    requestBodyLimits: config.requestBodyLimits,
  });
  const pg = new Client({ connectionString: ns.databaseUrl });
  await pg.connect();
  await pg.query(`set search_path to "${ns.schema}"`);
  return {
    ns,
    running,
    http: (token) =>
      axios.create({
        baseURL: running.baseUrl,
        validateStatus: () => true,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        maxBodyLength: Infinity,
        maxContentLength: Infinity,
      }),
    sql: async <T>(query: string, params: unknown[] = []) => (await pg.query(query, params)).rows as T[],
    close: async () => {
      await running.close();
      await pg.end();
      await ns.dispose();
    },
  };
}

/** A user of an org (admin unless told otherwise). */
export function userToken(orgId: string, roles: Array<'admin' | 'member'> = ['admin']): string {
  return testToken(orgId, { roles, actorId: `user@${orgId}` });
}

/** A Port-style workflow: self-service trigger → condition (later `outlets` spelling) → webhook. */
export function sampleWorkflow(
  identifier: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    identifier,
    title: 'Deploy a service',
    icon: 'Deployment',
    nodes: [
      {
        identifier: 'trigger',
        title: 'Deploy',
        config: {
          type: 'SELF_SERVE_TRIGGER',
          userInputs: { properties: { environment: { type: 'string', enum: ['staging', 'production'] } } },
        },
      },
      {
        identifier: 'check-env',
        config: {
          type: 'CONDITION',
          outlets: [{ identifier: 'production', expression: '.outputs.trigger.environment == "production"' }],
        },
      },
      {
        identifier: 'deploy',
        config: {
          type: 'WEBHOOK',
          url: 'https://deploy.example.com/hooks',
          headers: { authorization: 'Bearer {{ .secrets.DEPLOY_TOKEN }}' },
        },
      },
    ],
    connections: [
      { sourceIdentifier: 'trigger', targetIdentifier: 'check-env' },
      { sourceIdentifier: 'check-env', targetIdentifier: 'deploy', sourceOutletIdentifier: 'production' },
    ],
    ...overrides,
  };
}
