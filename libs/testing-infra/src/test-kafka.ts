import { randomBytes } from 'node:crypto';
import { type Consumer, type IHeaders, Kafka, logLevel, type Producer } from 'kafkajs';

export interface ReceivedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  /** `value` parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
  /** When this collector received it (`Date.now()`). */
  receivedAt: number;
}

/**
 * A raw Kafka client for tests: publish exactly the bytes a test wants (including malformed ones) and
 * read back what services published, without going through the code under test.
 */
export class TestKafka {
  private readonly kafka: Kafka;
  private producer?: Producer;
  /** Connecting, once, however many sends start together. */
  private producerReady?: Promise<Producer>;
  private readonly consumers: Consumer[] = [];

  constructor(brokers: string[]) {
    this.kafka = new Kafka({
      clientId: `test-${randomBytes(3).toString('hex')}`,
      brokers,
      logLevel: logLevel.NOTHING,
    });
  }

  async createTopics(topics: string[], numPartitions = 1): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: topics.map((topic) => ({ topic, numPartitions })),
      });
    } finally {
      await admin.disconnect();
    }
  }

  async send(topic: string, value: string | object | null, key?: string, headers?: IHeaders): Promise<void> {
    this.producerReady ??= this.connectProducer();
    const producer = await this.producerReady;
    const encoded = value === null || typeof value === 'string' ? value : JSON.stringify(value);
    await producer.send({ topic, messages: [{ key, value: encoded, headers }] });
  }

  private async connectProducer(): Promise<Producer> {
    const producer = this.kafka.producer({ allowAutoTopicCreation: true });
    this.producer = producer;
    await producer.connect();
    return producer;
  }

  /** Starts reading `topic` from the beginning; the returned array fills as messages arrive. */
  async collect(topic: string): Promise<ReceivedMessage[]> {
    const received: ReceivedMessage[] = [];
    const consumer = this.kafka.consumer({ groupId: `test-collector-${randomBytes(4).toString('hex')}` });
    this.consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic: from, partition, message }) => {
        const value = message.value?.toString('utf8') ?? null;
        const headers: Record<string, string> = {};
        for (const [name, header] of Object.entries(message.headers ?? {})) {
          if (header !== undefined)
            headers[name] = Array.isArray(header) ? String(header[0]) : header.toString();
        }
        received.push({
          topic: from,
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          value,
          headers,
          json: parseJson(value),
          receivedAt: Date.now(),
        });
      },
    });
    return received;
  }

  async close(): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.disconnect()));
    await this.producer?.disconnect();
  }
}

function parseJson(value: string | null): unknown {
  if (value === null) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}
