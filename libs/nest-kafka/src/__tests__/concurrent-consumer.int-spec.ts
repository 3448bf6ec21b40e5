import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { createTestNamespace, TestKafka, type TestNamespace, waitFor } from '@flowline/testing-infra';
import { ConcurrentConsumer } from '../consumer-flow/concurrent-consumer';

const quiet = { warn: () => undefined, error: () => undefined, log: () => undefined };

/**
 * The consumer flow against a real broker: messages are handled concurrently, a slow one does not hold up
 * the ones after it, and the committed offset stays below the lowest unfinished message, so a consumer
 * that dies (no drain) hands exactly the unfinished work, and what follows it, to the next one.
 */
describe('ConcurrentConsumer on a real broker', () => {
  let ns: TestNamespace;
  let kafka: TestKafka;
  let client: Kafka;
  let topic: string;
  const groupId = `flow-${randomBytes(4).toString('hex')}`;
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    ns = await createTestNamespace('concurrent-consumer');
    kafka = new TestKafka(ns.kafkaBrokers);
    client = new Kafka({ clientId: 'flow-test', brokers: ns.kafkaBrokers, logLevel: logLevel.NOTHING });
    topic = `${ns.topicPrefix}flow`;
    const admin = client.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
  });

  afterAll(async () => {
    for (const consumer of consumers) await consumer.disconnect().catch(() => undefined);
    await kafka?.close();
    await ns?.dispose();
  });

  async function startFlow(handle: (offset: number) => Promise<void>) {
    const consumer = client.consumer({ groupId, sessionTimeout: 6_000, heartbeatInterval: 500 });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const flow = new ConcurrentConsumer(
      consumer,
      { maxInFlight: 16, maxInFlightPerOrg: 16, orderByKey: false },
      ({ message }) => handle(Number(message.offset)),
      quiet,
    );
    await flow.run([topic], 4);
    return { consumer, flow };
  }

  async function committedOffset(): Promise<number> {
    const admin = client.admin();
    await admin.connect();
    try {
      const [{ partitions }] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return Number(partitions[0].offset);
    } finally {
      await admin.disconnect();
    }
  }

  it('commits below the lowest unfinished message, and a crash redelivers from there', async () => {
    for (let i = 0; i < 10; i += 1) await kafka.send(topic, { orgId: 'org_a', n: i }, 'same-key');
    const finished = new Set<number>();
    const stuck = new Set([3, 7]);
    const first = await startFlow(async (offset) => {
      if (stuck.has(offset)) return new Promise<void>(() => undefined); // never finishes
      finished.add(offset);
    });
    // Everything but the two stuck messages finished, although 3 came before them in the partition.
    await waitFor(() => finished.size === 8, { description: 'eight of ten messages handled' });
    expect([...finished].sort((a, b) => a - b)).toEqual([0, 1, 2, 4, 5, 6, 8, 9]);
    await waitFor(async () => (await committedOffset()) === 3, {
      description: 'the committed offset to reach the lowest unfinished message (3)',
    });
    expect(first.flow.inFlight).toBe(2);

    // The consumer dies without draining: nothing more is committed.
    await first.consumer.disconnect();
    expect(await committedOffset()).toBe(3);

    const redelivered: number[] = [];
    const second = await startFlow(async (offset) => {
      redelivered.push(offset);
    });
    await waitFor(() => redelivered.length === 7, { description: 'offsets 3 to 9 handled again' });
    expect(redelivered.sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    await waitFor(async () => (await committedOffset()) === 10, {
      description: 'everything committed',
    });
    await second.flow.drain(1_000);
  }, 60_000);
});
