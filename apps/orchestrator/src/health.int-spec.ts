import axios from 'axios';
import { OrchestratorHarness } from './__tests__/orchestrator-harness';

describe('orchestrator service health and docs', () => {
  let h: OrchestratorHarness;

  beforeAll(async () => {
    h = await OrchestratorHarness.start('orchestrator-health');
  });

  afterAll(async () => {
    await h?.close();
  });

  it('is live and ready against real PostgreSQL and Kafka, without a token', async () => {
    expect((await axios.get(`${h.running.baseUrl}/health/live`)).data).toEqual({ ok: true, status: 'live' });
    const ready = await axios.get(`${h.running.baseUrl}/health/ready`);
    expect(ready.data).toEqual({ ok: true, status: 'ready', checks: { postgres: 'up', kafka: 'up' } });
  });

  it('serves its OpenAPI document with the run, progress, claim and internal paths', async () => {
    const docs = await axios.get(`${h.running.baseUrl}/docs-json`);
    expect(Object.keys(docs.data.paths)).toEqual(
      expect.arrayContaining([
        '/v1/workflows/runs',
        '/v1/workflows/runs/{id}',
        '/v1/workflows/nodes/runs/{nodeRunId}',
        '/v1/workflows/runs/{runId}/nodes/{nodeRunId}',
        '/v1/workflows/runs/claim-pending',
        '/v1/org/{orgId}/workflows/runs/claim-pending',
        '/v1/workflows/runs/ack',
        '/v1/org/{orgId}/workflows/runs/ack',
        '/internal/v1/runs/{id}',
      ]),
    );
  });

  it('refuses unauthenticated API calls with 401 in the error envelope', async () => {
    const response = await h.http().get('/v1/workflows/runs');
    expect(response.status).toBe(401);
    expect(response.data).toMatchObject({ ok: false, error: 'unauthorized' });
  });

  it('answers a body over the limit with 413 and invalid JSON with 400, in the error envelope', async () => {
    const api = h.http('x');
    const invalid = await api.patch('/v1/workflows/nodes/runs/wfnr_AAAAAAAAAAAAAAAA', '{"status": ', {
      headers: { 'content-type': 'application/json' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.data).toMatchObject({ ok: false, error: 'bad_request' });
    const huge = await api.patch('/v1/workflows/nodes/runs/wfnr_AAAAAAAAAAAAAAAA', {
      output: { blob: 'x'.repeat(2_200_000) },
    });
    expect(huge.status).toBe(413);
    expect(huge.data).toMatchObject({ ok: false, error: 'payload_too_large' });
    expect(huge.data.message).toContain(`${2 * 1024 * 1024} bytes`); // HTTP_BODY_LIMIT_BYTES, as everywhere
  });
});
