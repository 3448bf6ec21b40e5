import { nodeDispatchTopic } from '@flowline/contracts';
import { OutboxRelay } from '@flowline/nest-database';
import { type ReceivedMessage, waitFor } from '@flowline/testing';
import { OrchestratorHarness, webhookChain } from '../__tests__/orchestrator-harness';
import { QueueSweeper } from '../concurrency/queue-sweeper';
import { TimerSweeper } from '../timers/timer-sweeper';
import { ConsumerShutdown } from './kafka-consumer';

const ORG = 'org_shutdown';

describe('graceful shutdown', () => {
  let h: OrchestratorHarness;
  let dispatches: ReceivedMessage[];

  beforeAll(async () => {
    h = await OrchestratorHarness.start('orchestrator-shutdown');
    dispatches = await h.kafka.collect(h.topic(nodeDispatchTopic('webhook')));
  });

  afterAll(async () => {
    await h?.close();
  });

  it('stops consuming and the sweepers first, then flushes the outbox, and leaves nothing unpublished', async () => {
    const order: string[] = [];
    const app = h.running.app;
    const record = <T extends object>(target: T, method: keyof T & string, label: string) => {
      const original = (target[method] as (...args: unknown[]) => Promise<unknown>).bind(target);
      jest.spyOn(target, method as never).mockImplementation((async (...args: unknown[]) => {
        const result = await original(...args);
        order.push(label);
        return result;
      }) as never);
    };
    record(app.get(ConsumerShutdown), 'onModuleDestroy', 'consumer closed');
    record(app.get(TimerSweeper), 'onModuleDestroy', 'timer sweeper stopped');
    record(app.get(QueueSweeper), 'onModuleDestroy', 'queue sweeper stopped');
    record(app.get(OutboxRelay), 'beforeApplicationShutdown', 'outbox flushed');

    const handled = await h.requestRun(ORG, webhookChain('before-stop', ['call']));
    await h.waitForRun(ORG, handled.runId);
    // In flight as the stop begins: handled before the consumer closes, or left for the next start.
    await h.requestRun(ORG, webhookChain('during-stop', ['call']));
    await h.stopApp();

    expect(order.indexOf('outbox flushed')).toBe(3);
    expect(order.slice(0, 3).sort()).toEqual([
      'consumer closed',
      'queue sweeper stopped',
      'timer sweeper stopped',
    ]);
    expect(await h.sql(`select seq from outbox`)).toEqual([]);
    const runs = await h.sql<{ identifier: string }>(`select identifier from runs`);
    for (const { identifier } of runs) {
      await waitFor(() => dispatches.find((m) => (m.json as { runId: string }).runId === identifier), {
        description: `the dispatch of ${identifier}, published before the service stopped`,
      });
    }
    expect(runs.map((r) => r.identifier)).toContain(handled.runId);
  });
});
