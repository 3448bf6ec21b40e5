import { nodeDispatchTopic, Topics } from '@flowline/contracts';
import { waitFor, type ReceivedMessage } from '@flowline/testing';
import { nodeCompleted, OrchestratorHarness, webhookChain } from '../__tests__/orchestrator-harness';
import { RunWork } from './run-work';

const ORG = 'org_group_commit';
const RUNS = 40;

type Json = Record<string, unknown>;

describe('run inputs sharing transactions under load (group commit)', () => {
  let h: OrchestratorHarness;
  let events: ReceivedMessage[];
  let dispatches: ReceivedMessage[];
  let runIds: string[] = [];

  beforeAll(async () => {
    // One run transaction at a time, so a burst of requests must share transactions.
    h = await OrchestratorHarness.start('orchestrator-group-commit', {
      RUN_WORK_TRANSACTIONS: '1',
      RUN_WORK_BATCH_SIZE: '16',
    });
    events = await h.kafka.collect(h.topic(Topics.runEvents));
    dispatches = await h.kafka.collect(h.topic(nodeDispatchTopic('webhook')));
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
    runIds = [...ids];
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

  it('ends every run of a burst of completions once: runs locked and read together, redeliveries included', async () => {
    const before = { ...h.running.app.get(RunWork).batchStats };
    const calls = await waitFor(
      () => {
        const found = runIds.map((runId) => OrchestratorHarness.dispatchesOf(dispatches, runId)[0]);
        return found.every(Boolean) ? found : undefined;
      },
      { description: `the ${RUNS} webhook dispatches`, timeoutMs: 60_000 },
    );
    const completions = calls.map((call) =>
      nodeCompleted(ORG, {
        runId: call.runId,
        nodeRunId: call.nodeRunId,
        status: 'COMPLETED',
        result: 'SUCCESS',
      }),
    );
    await Promise.all(completions.map((message) => h.publish(Topics.nodeCompleted, message, message.runId)));
    await Promise.all(
      completions.slice(0, 10).map((message) => h.publish(Topics.nodeCompleted, message, message.runId)),
    );
    const ended = () =>
      events
        .map((m) => m.json as Json)
        .filter(
          (json) =>
            json['type'] === 'WORKFLOW_RUN_STATUS_CHANGED' &&
            json['status'] === 'COMPLETED' &&
            runIds.includes(json['runId'] as string),
        );
    await waitFor(() => ended().length >= RUNS || undefined, {
      description: `${RUNS} runs COMPLETED`,
      timeoutMs: 60_000,
    });

    expect(ended().map((json) => json['result'])).toEqual(runIds.map(() => 'SUCCESS'));
    expect(new Set(ended().map((json) => json['runId'])).size).toBe(RUNS);
    const rows = await h.sql<{ status: string; result: string; attempts: number }>(
      `select r.status, r.result, (select count(*)::int from node_run_attempts a
          join node_runs n on n.org_id = a.org_id and n.identifier = a.node_run_identifier
         where n.org_id = r.org_id and n.run_identifier = r.identifier and n.node_identifier = 'call-api') as attempts
         from runs r where r.org_id = $1 and r.identifier = any($2::text[])`,
      [ORG, runIds],
    );
    expect(rows).toHaveLength(RUNS);
    expect(
      rows.every((row) => row.status === 'COMPLETED' && row.result === 'SUCCESS' && row.attempts === 1),
    ).toBe(true);
    const after = h.running.app.get(RunWork).batchStats;
    expect(after.batches).toBeGreaterThan(before.batches);
    expect(after.runsLockedAhead).toBeGreaterThan(before.runsLockedAhead);
    expect(after.failedBatches).toBe(0);
  });
});
