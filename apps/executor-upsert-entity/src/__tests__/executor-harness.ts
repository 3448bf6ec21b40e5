import path from 'node:path';
import axios, { type AxiosInstance } from 'axios';
import {
  NodeDispatchProbe,
  nodeDispatch,
  type RunningTestApp,
  startExecutorApp,
  startServiceFromSource,
  type TestDispatch,
  type TestNamespace,
  testToken,
} from '@flowline/testing';
import { AppModule } from '../app.module';
import { ExecutorUpsertEntityConfig, SERVICE_NAME } from '../executor-upsert-entity.config';

/** The executor as `main.ts` runs it, consuming the namespace's dispatch topic; its JSON logs are kept. */
export function startExecutor(ns: TestNamespace, env: Record<string, string>) {
  return startExecutorApp(
    ns,
    { serviceName: SERVICE_NAME, Config: ExecutorUpsertEntityConfig, AppModule },
    env,
  );
}

/** The real catalog service, in-process, on the namespace's schema and topic prefix. */
export function startCatalogService(ns: TestNamespace): Promise<RunningTestApp> {
  return startServiceFromSource(ns, {
    sourceDir: path.resolve(__dirname, '../../../catalog/src'),
    config: { file: 'catalog.config', name: 'CatalogConfig' },
    entities: { file: 'database-entities', name: 'databaseEntities' },
  });
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
): TestDispatch {
  const node = { identifier: 'upsert-service', config: { type: 'UPSERT_ENTITY', ...config } };
  return nodeDispatch(orgId, node, {
    trigger: TRIGGER_OUTPUT,
    workflow: { identifier: 'register-service', version: 2 },
    ...options,
  });
}

export type Dispatch = TestDispatch;
export type DispatchProbe = NodeDispatchProbe;
export const DispatchProbe = {
  start: (ns: TestNamespace) => NodeDispatchProbe.start(ns, 'upsert-entity'),
};
