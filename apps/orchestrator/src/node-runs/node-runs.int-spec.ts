import { NodeDispatchMessage, nodeDispatchTopic } from '@flowline/contracts';
import { type ReceivedMessage, testToken, waitFor } from '@flowline/testing';
import { adminToken, OrchestratorHarness, webhookChain } from '../__tests__/orchestrator-harness';

const ORG = 'org_node_runs';
type Json = Record<string, unknown>;

/** Trigger → async webhook, runs visible to their creator only. */
const privateAsync = webhookChain('private-async', ['deploy'], { allowAnyoneToViewRuns: false });
(privateAsync['nodes'] as Json[])[1] = {
  identifier: 'deploy',
  config: { type: 'WEBHOOK', url: 'https://deploy.example.com', synchronized: false },
};

const user = (actorId: string) => testToken(ORG, { actorId, roles: ['member'], kind: 'user' });

describe('the node-run API: read one, find by external id, append logs', () => {
  let h: OrchestratorHarness;
  let dispatches: ReceivedMessage[];
  let nodeRunId: string;

  beforeAll(async () => {
    h = await OrchestratorHarness.start('orchestrator-node-runs');
    dispatches = await h.kafka.collect(h.topic(nodeDispatchTopic('webhook')));
    const request = await h.requestRun(ORG, privateAsync, { by: { actorId: 'alice', kind: 'user' } });
    const wire = await waitFor(
      () => dispatches.find((m) => (m.json as NodeDispatchMessage).runId === request.runId),
      { timeoutMs: 30_000, description: 'the deploy dispatch' },
    );
    nodeRunId = (wire.json as NodeDispatchMessage).nodeRunId;
    const tagged = await h.http(adminToken(ORG)).patch(`/v1/workflows/nodes/runs/${nodeRunId}`, {
      externalRunId: 'ext-1',
    });
    expect(tagged.status).toBe(200);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('shows a node run with the run’s visibility: its creator and admins, not another member', async () => {
    const byAlice = await h.http(user('alice')).get(`/v1/workflows/nodes/runs/${nodeRunId}`);
    expect(byAlice.status).toBe(200);
    expect(byAlice.data.nodeRun).toMatchObject({
      identifier: nodeRunId,
      node: { identifier: 'deploy' },
      status: 'IN_PROGRESS',
      externalRunId: 'ext-1',
    });
    expect(byAlice.data.nodeRun).not.toHaveProperty('config');
    expect((await h.http(adminToken(ORG)).get(`/v1/workflows/nodes/runs/${nodeRunId}`)).status).toBe(200);
    expect((await h.http(user('bob')).get(`/v1/workflows/nodes/runs/${nodeRunId}`)).status).toBe(404);
    expect((await h.http(adminToken('org_else')).get(`/v1/workflows/nodes/runs/${nodeRunId}`)).status).toBe(
      404,
    );
  });

  it('finds node runs by external run id, with the node config when asked, filtered by visibility', async () => {
    const query = '/v1/workflows/nodes/runs?external_run_id=ext-1&include=nodeConfig';
    const found = await h.http(user('alice')).get(query);
    expect(found.status).toBe(200);
    expect(found.data.runs).toEqual([
      expect.objectContaining({
        identifier: nodeRunId,
        config: { type: 'WEBHOOK', url: 'https://deploy.example.com', synchronized: false, method: 'POST' },
      }),
    ]);
    expect(found.data.nodeRuns).toEqual(found.data.runs);
    expect((await h.http(user('bob')).get(query)).data.runs).toEqual([]);
    expect((await h.http(adminToken(ORG)).get('/v1/workflows/nodes/runs')).status).toBe(422);
    expect(
      (await h.http(adminToken(ORG)).get('/v1/workflows/nodes/runs?external_run_id=ext-1&include=all'))
        .status,
    ).toBe(422);
  });

  it('appends logs in Ocean’s and the PATCH’s spelling without changing the status', async () => {
    const path = `/v1/workflows/nodes/runs/${nodeRunId}/logs`;
    expect((await h.http(user('bob')).post(path, { logs: [{ message: 'x' }] })).status).toBe(404);
    const appended = await h.http(user('alice')).post(path, {
      logs: [
        { level: 'info', message: 'started' },
        { logLevel: 'ERROR', log: 'retrying', tags: { n: 2 } },
      ],
    });
    expect([appended.status, appended.data]).toEqual([201, { ok: true }]);
    const read = await h.http(adminToken(ORG)).get(`/v1/workflows/nodes/runs/${nodeRunId}`);
    expect(read.data.nodeRun.status).toBe('IN_PROGRESS');
    expect(read.data.nodeRun.nodeRunLogs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ logLevel: 'INFO', log: 'started', tags: {} }),
        expect.objectContaining({ logLevel: 'ERROR', log: 'retrying', tags: { n: '2' } }),
      ]),
    );
    expect((await h.http(adminToken(ORG)).post(path, { logs: [] })).status).toBe(422);
    expect((await h.http(adminToken(ORG)).post(path, {})).status).toBe(422);
  });
});
