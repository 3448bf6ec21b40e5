import axios from 'axios';
import { createTestNamespace, type RunningTestApp, type TestNamespace } from '@flowline/testing';
import { startTestGateway } from './__tests__/start-test-gateway';

describe('gateway health and docs', () => {
  let ns: TestNamespace;
  let running: RunningTestApp;

  beforeAll(async () => {
    ns = await createTestNamespace('gateway-health');
    running = await startTestGateway(ns);
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

  it('documents its own endpoints at /docs, and only those', async () => {
    const docs = await axios.get(`${running.baseUrl}/docs-json`);
    expect(Object.keys(docs.data.paths)).toEqual(['/v1/auth/access_token']);
    expect(docs.data.components.schemas.AccessTokenRequest.required).toEqual(['clientId', 'clientSecret']);
  });
});
