import { killTestOptions, printKillTestReport, runKillTest, WebhookRecorder } from '@flowline/system-runner';
import { testInfrastructure } from '@flowline/testing';
import { RunningSystem } from './harness/system';

/**
 * The kill test of tools/chaos at CI size: 100 runs of trigger → webhook → condition → webhook while the
 * orchestrator and the webhook executor are each killed twice with SIGKILL and restarted. The sink fails
 * the first attempt of a tenth of the node runs with a 503, so retries (durable backoff timers, new keys)
 * happen during the kills too. Seeded by CHAOS_SEED when set; the seed is printed, so a failure can be
 * replayed with tools/chaos/run --seed=N.
 */
describe('kill -9 during runs', () => {
  let system: RunningSystem;
  let sink: WebhookRecorder;

  beforeAll(async () => {
    sink = await WebhookRecorder.start({ failFirstAttemptShare: 0.1, answerDelayMs: 1_000 });
    system = await RunningSystem.start({
      services: ['workflows', 'triggers', 'orchestrator', 'executor-webhook'],
    });
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
    await sink?.close();
  });

  it('ends every run once, with consistent webhook keys and terminal statuses that never change', async () => {
    const client = await system.createClient('org_e2e_chaos');
    const seed = Number(process.env['CHAOS_SEED'] ?? Date.now() % 1_000_000);
    const lines: string[] = [];
    const result = await runKillTest(
      {
        gatewayUrl: system.gatewayUrl,
        accessToken: client.accessToken,
        topicPrefix: system.topicPrefix,
        kafkaBrokers: testInfrastructure().kafkaBrokers,
        sink,
        killApp: (app) => system.killApp(app),
        restartApp: (app) => system.restartApp(app),
      },
      killTestOptions({
        runs: 100,
        kills: 4,
        seed,
        // A run stuck past this fails the test in time; the timeouts fire well before it.
        nodeTimeoutSeconds: 90,
        settleTimeoutMs: 120_000,
        log: (line) => lines.push(line),
      }),
    );
    printKillTestReport(result, (text) => lines.push(text));
    console.log(lines.join('\n'));

    const figures = result.figures;
    expect(figures.runsSubmitted).toBe(100);
    expect(figures.kills).toBe(4);
    expect(figures.killsByApp).toEqual({ orchestrator: 2, 'executor-webhook': 2 });
    expect(figures.minRunsInFlightAtKill).toBeGreaterThan(0);
    expect(figures.runsTerminal).toBe(100);
    expect(figures.stuck).toBe(0);
    expect(figures.startedTwice).toBe(0);
    expect(figures.nodesStartedTwice).toBe(0);
    expect(figures.deliveriesWithConflictingKeys).toBe(0);
    expect(figures.terminalStatusChanges).toBe(0);
    expect(figures.nodeTerminalStatusChanges).toBe(0);
    expect(figures.retryAttemptsDelivered).toBeGreaterThan(0);
    // Both webhooks of every successful run reached the sink (redeliveries and retries add calls).
    expect(figures.webhookDeliveries).toBeGreaterThanOrEqual(figures.runsSucceeded * 2);
    expect(result.violations).toEqual([]);
  }, 300_000);
});
