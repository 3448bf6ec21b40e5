import axios from 'axios';
import { migrateDatabase } from '@flowline/nest-database';
import { loadConfig } from '@flowline/nest-service';
import {
  createTestNamespace,
  type RunningTestApp,
  serviceTestEnv,
  startTestApp,
  type TestNamespace,
} from '@flowline/testing';
import { AppModule } from './app.module';
import { entities } from './entities';
import { migrations } from './migrations';
import { WorkflowsConfig } from './workflows.config';

describe('workflows service health', () => {
  let ns: TestNamespace;
  let running: RunningTestApp;

  beforeAll(async () => {
    ns = await createTestNamespace('workflows-health');
    const config = loadConfig(
      WorkflowsConfig,
      serviceTestEnv(ns, { SECRETS_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') }),
    );
    await migrateDatabase({ url: ns.databaseUrl, schema: ns.schema, entities, migrations });
    running = await startTestApp(AppModule.forRoot(config));
  });

  afterAll(async () => {
    await running?.close();
    await ns?.dispose();
  });

  it('is live and ready against real PostgreSQL and Kafka, without a token', async () => {
    expect((await axios.get(`${running.baseUrl}/health/live`)).data).toEqual({ ok: true, status: 'live' });
    const ready = await axios.get(`${running.baseUrl}/health/ready`);
    expect(ready.data).toEqual({ ok: true, status: 'ready', checks: { postgres: 'up', kafka: 'up' } });
  });

  it('serves its OpenAPI document at /docs', async () => {
    const docs = await axios.get(`${running.baseUrl}/docs-json`);
    expect(docs.data.info.title).toBe('test');
    expect(Object.keys(docs.data.paths)).toEqual(
      expect.arrayContaining([
        '/v1/workflows',
        '/v1/workflows/{id}',
        '/v1/workflows/{id}/nodes/{nodeId}',
        '/v1/workflows/{id}/versions',
        '/v1/workflows/{id}/versions/{version}',
        '/v1/workflows/{id}/nodes/{nodeId}/permissions',
        '/v1/secrets',
        '/v1/secrets/{name}',
        '/internal/v1/secrets/{name}',
      ]),
    );
  });
});
