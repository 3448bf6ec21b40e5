import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { testInfrastructure, type TestInfrastructure } from './infrastructure';

/**
 * What keeps one test file apart from every other: its own PostgreSQL schema and its own topic prefix,
 * so files never see each other's rows or messages, even when they run against one broker and database.
 */
export interface TestNamespace extends TestInfrastructure {
  /** e.g. `t_kafka_a1b2c3d4`: a fresh schema, created by `createTestNamespace`. */
  schema: string;
  /** e.g. `t.kafka.a1b2c3d4.`: put before every topic name (KafkaSettings.topicPrefix). */
  topicPrefix: string;
  /** Drops the schema and deletes every topic that carries the prefix. */
  dispose(): Promise<void>;
}

export async function createTestNamespace(label: string): Promise<TestNamespace> {
  const infrastructure = testInfrastructure();
  const slug = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 24);
  const suffix = randomBytes(4).toString('hex');
  const schema = `t_${slug}_${suffix}`;
  const topicPrefix = `t.${slug.replace(/_/g, '-')}.${suffix}.`;
  await withPg(infrastructure.databaseUrl, (pg) => pg.query(`create schema "${schema}"`));
  return {
    ...infrastructure,
    schema,
    topicPrefix,
    async dispose() {
      await withPg(infrastructure.databaseUrl, (pg) => pg.query(`drop schema if exists "${schema}" cascade`));
      await deleteTopicsWithPrefix(infrastructure.kafkaBrokers, topicPrefix);
    },
  };
}

async function withPg<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function deleteTopicsWithPrefix(brokers: string[], prefix: string): Promise<void> {
  const admin = new Kafka({ clientId: 'test-cleanup', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 10_000 });
  } finally {
    await admin.disconnect();
  }
}
