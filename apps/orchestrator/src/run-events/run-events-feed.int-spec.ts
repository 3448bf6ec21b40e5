import { prefixedTopic, Topics } from '@flowline/contracts';
import { ensureTopics, type KafkaSettings } from '@flowline/nest-kafka';
import { createTestNamespace, TestKafka, type TestNamespace, waitFor } from '@flowline/testing';
import { RunEventsFeed, type WatchedRunEvent } from './run-events-feed';

const ORG = 'org_feed';

/**
 * The watchers' feed against a real broker: it reads nothing until someone watches, delivers a watched
 * run's events once it is ready, stops reading once nobody has watched for its idle time, and starts
 * again for the next watcher.
 */
describe('the run events feed, started by watchers', () => {
  let ns: TestNamespace;
  let kafka: TestKafka;
  let feed: RunEventsFeed;
  let topic: string;

  beforeAll(async () => {
    ns = await createTestNamespace('run-events-feed');
    const settings: KafkaSettings = {
      brokers: ns.kafkaBrokers,
      serviceName: 'orchestrator',
      topicPrefix: ns.topicPrefix,
    };
    await ensureTopics(settings, [Topics.runEvents]);
    topic = prefixedTopic(Topics.runEvents, ns.topicPrefix);
    kafka = new TestKafka(ns.kafkaBrokers);
    feed = new RunEventsFeed(settings, 300);
  });

  afterAll(async () => {
    await feed.beforeApplicationShutdown();
    await kafka.close();
    await ns.dispose();
  });

  const publish = (runId: string, status: string) =>
    kafka.send(
      topic,
      {
        id: `evt_${runId}_${status}`,
        type: 'WORKFLOW_RUN_STATUS_CHANGED',
        orgId: ORG,
        occurredAt: new Date().toISOString(),
        runId,
        status,
        result: status === 'COMPLETED' ? 'SUCCESS' : null,
      },
      runId,
    );

  it('reads nothing before anyone watches', () => {
    expect(feed.reading).toBe(false);
  });

  it("delivers a watched run's events once ready, and only that run's", async () => {
    const seen: WatchedRunEvent[] = [];
    const unwatch = feed.watch(ORG, 'wfr_watchedrun000001', (event) => seen.push(event));
    await feed.ready();
    expect(feed.reading).toBe(true);
    await publish('wfr_otherrun00000001', 'IN_PROGRESS');
    await publish('wfr_watchedrun000001', 'COMPLETED');
    await waitFor(() => seen.length > 0, { timeoutMs: 15_000 });
    expect(seen.map((event) => [event.runId, event.status, event.result])).toEqual([
      ['wfr_watchedrun000001', 'COMPLETED', 'SUCCESS'],
    ]);
    unwatch();
  });

  it('stops reading once nobody has watched for its idle time, and starts again for the next watcher', async () => {
    await waitFor(() => !feed.reading, { timeoutMs: 10_000 });
    const seen: WatchedRunEvent[] = [];
    const unwatch = feed.watch(ORG, 'wfr_watchedrun000002', (event) => seen.push(event));
    await feed.ready();
    expect(feed.reading).toBe(true);
    await publish('wfr_watchedrun000002', 'IN_PROGRESS');
    await waitFor(() => seen.length > 0, { timeoutMs: 15_000 });
    expect(seen.map((event) => event.status)).toEqual(['IN_PROGRESS']);
    unwatch();
  });

  it('keeps reading while a watcher comes back within the idle time', async () => {
    const first = feed.watch(ORG, 'wfr_watchedrun000003', () => undefined);
    await feed.ready();
    first();
    const second = feed.watch(ORG, 'wfr_watchedrun000003', () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(feed.reading).toBe(true);
    second();
  });

  it('stops again after a watcher got it ready but never watched', async () => {
    await waitFor(() => !feed.reading, { timeoutMs: 10_000 });
    await feed.ready();
    expect(feed.reading).toBe(true);
    await waitFor(() => !feed.reading, { timeoutMs: 10_000 });
  });
});
