import { Topics } from '@flowline/contracts';
import { waitFor, type ReceivedMessage } from '@flowline/testing';
import { OrchestratorHarness, webhookChain } from '../__tests__/orchestrator-harness';
import { RunWork } from './run-work';

const ORG = 'org_group_commit';
const RUNS = 40;

type Json = Record<string, unknown>;

describe('run inputs sharing transactions under load (group commit)', () => {
  let h: OrchestratorHarness;
  let events: ReceivedMessage[];

  beforeAll(async () => {
    // One run transaction at a time, so a burst of requests must share transactions.
    h = await OrchestratorHarness.start('orchestrator-group-commit', {
      RUN_WORK_TRANSACTIONS: '1',
      RUN_WORK_BATCH_SIZE: '16',
    });
    events = await h.kafka.collect(h.topic(Topics.runEvents));
  });

  afterAll(async () => {
    await h?.close();
  });

  it('starts every run of a burst exactly once, redeliveries included, in fewer transactions than runs', async () => {
    const requests = await Promise.all(
      Array.from({ length: RUNS }, (_, i) =>
        h.requestRun(ORG, webhookChain('burst', ['call-api']), { output: { n: i } }),
      ),
    );
    // Redelivered messages (same ids) may land in a batch beside their first delivery or after it.
    await Promise.all(
      requests.slice(0, 10).map((request) => h.publish(Topics.runRequested, request, request.runId)),
    );
    const ids = new Set(requests.map((request) => request.runId));
    const created = () =>
      events
        .map((m) => m.json as Json)
        .filter((json) => json['type'] === 'WORKFLOW_RUN_STATUS_CHANGED' && ids.has(json['runId'] as string));
    await waitFor(() => created().length >= RUNS || undefined, {
      description: `${RUNS} creation events`,
      timeoutMs: 60_000,
    });

    const rows = await h.sql<{ identifier: string; trigger_nodes: number }>(
      `select r.identifier, count(n.*)::int as trigger_nodes
         from runs r join node_runs n on n.org_id = r.org_id and n.run_identifier = r.identifier
        where r.org_id = $1 and n.node_identifier = 'trigger' group by r.identifier`,
      [ORG],
    );
    expect(new Set(rows.map((row) => row.identifier))).toEqual(ids);
    expect(rows.every((row) => row.trigger_nodes === 1)).toBe(true);
    expect(new Set(created().map((json) => json['runId'])).size).toBe(RUNS);

    const stats = h.running.app.get(RunWork).batchStats;
    expect(stats.batches).toBeGreaterThan(0);
    expect(stats.largestBatch).toBeGreaterThan(1);
    expect(stats.largestBatch).toBeLessThanOrEqual(16);
    expect(stats.failedBatches).toBe(0);
  });
});
