import { randomBytes } from 'node:crypto';
import { type INestMicroservice } from '@nestjs/common';
import { createMessage, deadLetterTopic, prefixedTopic } from '@flowline/contracts';
import { createTestNamespace, TestKafka, type TestNamespace, waitFor } from '@flowline/testing-infra';
import { KafkaPublisher } from '../kafka-publisher';
import { type KafkaSettings } from '../kafka-settings';
import { ensureTopics } from '../kafka-topics';
import { PING_TOPIC, type PingInbox, startPingService } from './ping-consumer.fixture';

describe('nest-kafka against a real broker', () => {
  let ns: TestNamespace;
  let settings: KafkaSettings;
  let app: INestMicroservice;
  let inbox: PingInbox;
  let publisher: KafkaPublisher;
  let kafka: TestKafka;

  beforeAll(async () => {
    ns = await createTestNamespace('nest-kafka');
    settings = {
      serviceName: 'ping-service',
      groupId: `ping-${randomBytes(4).toString('hex')}`,
      brokers: ns.kafkaBrokers,
      topicPrefix: ns.topicPrefix,
      handlerAttempts: 2,
    };
    await ensureTopics(settings, [PING_TOPIC]);
    ({ app, inbox } = await startPingService(settings));
    publisher = app.get(KafkaPublisher);
    kafka = new TestKafka(ns.kafkaBrokers);
  });

  afterAll(async () => {
    await app?.close();
    await kafka?.close();
    await ns?.dispose();
  });

  const topic = () => prefixedTopic(PING_TOPIC, ns.topicPrefix);
  const ping = (sequence: number, runId = `wfr_${sequence}`) =>
    createMessage('PING', 'org_a', { runId, sequence });

  it('delivers a message published through the producer wrapper to the Nest handler, keyed by run id', async () => {
    const copies = await kafka.collect(topic());
    await publisher.publish(PING_TOPIC, ping(1, 'wfr_AAAAAAAAAAAAAAAA'));

    const received = await waitFor(() => inbox.received.find((r) => r.message.sequence === 1), {
      description: 'ping 1 to reach the handler',
    });
    expect(received.message).toMatchObject({ orgId: 'org_a', type: 'PING', runId: 'wfr_AAAAAAAAAAAAAAAA' });
    const onTheWire = await waitFor(() =>
      copies.find((m) => (m.json as { sequence?: number })?.sequence === 1),
    );
    expect(onTheWire.key).toBe('wfr_AAAAAAAAAAAAAAAA');
    expect(onTheWire.headers['x-flowline-message-type']).toBe('PING');
  });

  it('sends a malformed message to the DLQ with its reason and still consumes the next good one', async () => {
    const dlq = await kafka.collect(deadLetterTopic(topic()));
    await kafka.send(topic(), '{"this is": not json', 'bad-key');
    await kafka.send(topic(), { ...ping(2), sequence: 'two' }, 'wfr_2');
    await publisher.publish(PING_TOPIC, ping(3));

    await waitFor(() => inbox.received.find((r) => r.message.sequence === 3), {
      description: 'ping 3 after the bad ones',
    });
    const letters = await waitFor(() => (dlq.length >= 2 ? dlq : undefined), {
      description: 'two dead letters',
    });

    const notJson = letters.find((l) => l.key === 'bad-key')?.json as Record<string, unknown>;
    expect(notJson).toMatchObject({
      type: 'DEAD_LETTER',
      reason: 'INVALID_MESSAGE',
      value: '{"this is": not json',
      source: expect.objectContaining({ topic: topic(), key: 'bad-key' }),
    });
    expect(String(notJson['error'])).toContain('expected a JSON object');

    const wrongType = letters.find((l) => l.key === 'wfr_2')?.json as {
      error: string;
      problems: { path: string }[];
    };
    expect(wrongType.problems.map((p) => p.path)).toContain('sequence');
    expect(wrongType.error).toContain('sequence');
    expect(inbox.received.some((r) => r.message.sequence === 2)).toBe(false);
  });

  it('retries a failing handler, then dead-letters the message and moves on', async () => {
    const dlq = await kafka.collect(deadLetterTopic(topic()));
    inbox.failing.add(4);
    await publisher.publish(PING_TOPIC, ping(4));
    await publisher.publish(PING_TOPIC, ping(5));

    await waitFor(() => inbox.received.find((r) => r.message.sequence === 5), { description: 'ping 5' });
    const letter = await waitFor(() => dlq.find((l) => l.key === 'wfr_4'), {
      description: 'ping 4 dead-lettered',
    });
    expect(letter.json).toMatchObject({ reason: 'HANDLER_FAILED', error: 'ping 4 refused', attempts: 2 });
    expect(letter.headers['x-flowline-dlq-reason']).toBe('HANDLER_FAILED');
  });

  it('refuses to publish a message it cannot key', async () => {
    await expect(
      publisher.publish(PING_TOPIC, createMessage('PING', 'org_a', { sequence: 9 })),
    ).rejects.toThrow(/needs a key/);
  });
});
