import { nodeDispatchTopic, Topics } from '@flowline/contracts';
import { type ReceivedMessage, waitFor } from '@flowline/testing';
import { QueueSweeper } from './queue-sweeper';
import {
  adminToken,
  nodeCompleted,
  OrchestratorHarness,
  webhookChain,
} from '../__tests__/orchestrator-harness';

const ORG = 'org_limits';

type Json = Record<string, unknown>;

describe('concurrency limit of 1 run per workflow, with queueing', () => {
  let h: OrchestratorHarness;
  let dispatches: ReceivedMessage[];

  beforeAll(async () => {
    // Sweepers off (an hour apart): a queued run can only start in the transaction that frees its slot.
    h = await OrchestratorHarness.start('orchestrator-concurrency', {
      MAX_CONCURRENT_RUNS_PER_WORKFLOW: '1',
      TIMER_SWEEP_INTERVAL_MS: '3600000',
    });
    dispatches = await h.kafka.collect(h.topic(nodeDispatchTopic('webhook')));
  });

  afterAll(async () => {
    await h?.close();
  });

  const dispatchesOf = (runId: string) => OrchestratorHarness.dispatchesOf(dispatches, runId);
  const firstDispatch = (runId: string) =>
    waitFor(() => dispatchesOf(runId)[0], { description: `a dispatch of ${runId}`, timeoutMs: 30_000 });
  const complete = (runId: string, nodeRunId: string) =>
    h.publish(
      Topics.nodeCompleted,
      nodeCompleted(ORG, { runId, nodeRunId, status: 'COMPLETED', result: 'SUCCESS' }),
      runId,
    );

  it('queues the second run of a workflow until the first completes, then starts it', async () => {
    const first = await h.requestRun(ORG, webhookChain('limited', ['call']));
    const firstCall = await firstDispatch(first.runId);
    const second = await h.requestRun(ORG, webhookChain('limited', ['call']));
    // Another workflow is not held back by this one's limit.
    const other = await h.requestRun(ORG, webhookChain('unrelated', ['call']));
    await firstDispatch(other.runId);

    const waiting = await h.waitForRun(ORG, second.runId);
    expect(waiting).toMatchObject({ status: 'IN_PROGRESS', result: null, queued: true });
    expect((waiting['nodeRuns'] as Json[]).map((n) => (n['node'] as Json)['identifier'])).toEqual([
      'trigger',
    ]);
    expect(dispatchesOf(second.runId)).toEqual([]);
    const listed = await h.http(adminToken(ORG)).get('/v1/workflows/runs', {
      params: { workflowRunIdentifiers: second.runId },
    });
    expect(listed.data.workflowRuns).toEqual([expect.objectContaining({ queued: true })]);

    await complete(first.runId, firstCall.nodeRunId);
    const secondCall = await firstDispatch(second.runId);
    expect(secondCall.node.identifier).toBe('call');
    const started = await h.waitForRun(ORG, second.runId, (r) => r['queued'] === false);
    expect(started['status']).toBe('IN_PROGRESS');
    expect(await h.waitForRun(ORG, first.runId)).toMatchObject({ status: 'COMPLETED', result: 'SUCCESS' });
  });

  it('starts queued runs oldest first, one per free slot, and a cancelled queued run frees nothing', async () => {
    const holder = await h.requestRun(ORG, webhookChain('fifo', ['call']));
    const holderCall = await firstDispatch(holder.runId);
    // One after the other: run requests of different runs may sit on different partitions.
    const queueOne = async () => {
      const request = await h.requestRun(ORG, webhookChain('fifo', ['call']));
      await h.waitForRun(ORG, request.runId, (r) => r['queued'] === true);
      return request;
    };
    const a = await queueOne();
    const b = await queueOne();
    const c = await queueOne();

    const cancelled = await h.http(adminToken(ORG)).post(`/v1/workflows/runs/${a.runId}/cancel`);
    expect(cancelled.data.workflowRun).toMatchObject({
      status: 'COMPLETED',
      result: 'CANCELLED',
      queued: false,
    });

    await complete(holder.runId, holderCall.nodeRunId);
    const bCall = await firstDispatch(b.runId);
    expect(dispatchesOf(c.runId)).toEqual([]);
    expect((await h.waitForRun(ORG, c.runId))['queued']).toBe(true);

    await complete(b.runId, bCall.nodeRunId);
    await firstDispatch(c.runId);
    expect(dispatchesOf(a.runId)).toEqual([]);
  });

  it('has a sweeper that starts a queued run whose slot freed without a run completing', async () => {
    const request = await h.requestRun(ORG, webhookChain('swept', ['call']));
    await firstDispatch(request.runId);
    // As if the limit had been raised while a run waited: a queued run with a free slot.
    const waiting = await h.requestRun(ORG, webhookChain('swept', ['call']));
    await h.waitForRun(ORG, waiting.runId, (r) => r['queued'] === true);
    await h.sql(`update runs set status = 'COMPLETED', result = 'SUCCESS' where identifier = $1`, [
      request.runId,
    ]);

    expect(await h.running.app.get(QueueSweeper).sweep()).toBe(1);
    await firstDispatch(waiting.runId);
    expect(await h.running.app.get(QueueSweeper).sweep()).toBe(0);
  });
});
