import axios, { type AxiosInstance } from 'axios';
import { type EntityChangedMessage, prefixedTopic, Topics } from '@flowline/contracts';
import { migrateDatabase } from '@flowline/nest-database';
import { loadConfig } from '@flowline/nest-service';
import {
  type ReceivedMessage,
  type RunningTestApp,
  serviceTestEnv,
  startTestApp,
  type TestKafka,
  type TestNamespace,
  testToken,
} from '@flowline/testing';
import { AppModule } from '../app.module';
import { CatalogConfig } from '../catalog.config';
import { databaseEntities } from '../database-entities';
import { migrations } from '../migrations';

export async function migrateCatalog(ns: TestNamespace): Promise<void> {
  await migrateDatabase({ url: ns.databaseUrl, schema: ns.schema, entities: databaseEntities, migrations });
}

/** One catalog instance on the namespace's schema and topic prefix (several may share one namespace). */
export async function startCatalog(
  ns: TestNamespace,
  env: Record<string, string> = {},
): Promise<RunningTestApp> {
  const config = loadConfig(CatalogConfig, serviceTestEnv(ns, env));
  return startTestApp(AppModule.forRoot(config));
}

/** An HTTP client acting for one org; it never throws on a status, so tests assert error statuses. */
export function clientFor(
  running: RunningTestApp,
  orgId: string,
  options: Parameters<typeof testToken>[1] = {},
): AxiosInstance {
  return axios.create({
    baseURL: running.baseUrl,
    validateStatus: () => true,
    headers: { authorization: `Bearer ${testToken(orgId, options)}` },
  });
}

/** Reads the namespace's entity-changed topic from the beginning. */
export async function collectEntityChanges(kafka: TestKafka, ns: TestNamespace): Promise<ReceivedMessage[]> {
  return kafka.collect(prefixedTopic(Topics.entityChanged, ns.topicPrefix));
}

/** The decoded entity-change events, optionally only one entity's. */
export function changesOf(seen: ReceivedMessage[], entity?: string): EntityChangedMessage[] {
  return seen
    .map((message) => message.json as EntityChangedMessage)
    .filter((event) => event && (entity === undefined || event.context.entityIdentifier === entity));
}

export const serviceBlueprint = {
  identifier: 'service',
  title: 'Service',
  schema: {
    properties: {
      language: { type: 'string', enum: ['go', 'ts', 'python'] },
      replicas: { type: 'number', minimum: 0 },
      public: { type: 'boolean' },
      homepage: { type: 'string', format: 'url' },
      owner: { type: 'string', format: 'email' },
      tags: { type: 'array', items: { type: 'string' } },
      config: { type: 'object' },
      deployedAt: { type: 'string', format: 'date-time' },
      expiresAt: { type: 'string', format: 'timer' },
    },
    required: ['language'],
  },
  relations: {
    team: { title: 'Team', target: 'team', many: false, required: false },
    dependsOn: { target: 'service', many: true, required: false },
  },
};

export const teamBlueprint = {
  identifier: 'team',
  title: 'Team',
  schema: { properties: { slack: { type: 'string' } }, required: [] },
};
