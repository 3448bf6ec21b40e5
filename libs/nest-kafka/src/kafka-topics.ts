import { CompactedTopics, deadLetterTopic, prefixedTopic } from '@flowline/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { type KafkaSettings, topicPrefixOf } from './kafka-settings';

/** Room for replicas: a consumer group shares partitions, so N replicas need at least N of them. */
export const DEFAULT_PARTITIONS = 12;

/**
 * Creates the topics a service reads or writes, and their dead-letter topics, if they do not exist yet.
 * Services call it at boot so a consumer never subscribes to a missing topic; compacted topics get
 * `cleanup.policy=compact`.
 */
export async function ensureTopics(settings: KafkaSettings, topics: readonly string[]): Promise<void> {
  // A topic that was just created may not have a leader yet (a busy broker says "does not host this
  // topic-partition"): that passes, so boot retries instead of failing the service.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await createMissingTopics(settings, topics);
    } catch (error) {
      if (attempt >= ENSURE_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}

const ENSURE_ATTEMPTS = 8;

async function createMissingTopics(settings: KafkaSettings, topics: readonly string[]): Promise<void> {
  const kafka = new Kafka({
    clientId: `${settings.serviceName}-admin`,
    brokers: settings.brokers,
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 200, retries: 10 },
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const prefix = topicPrefixOf(settings);
    const wanted = new Map<string, boolean>();
    for (const topic of topics) {
      wanted.set(prefixedTopic(topic, prefix), CompactedTopics.includes(topic));
      wanted.set(prefixedTopic(deadLetterTopic(topic), prefix), false);
    }
    const existing = new Set(await admin.listTopics());
    const missing = [...wanted].filter(([name]) => !existing.has(name));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map(([topic, compacted]) => ({
        topic,
        numPartitions: settings.partitions ?? DEFAULT_PARTITIONS,
        replicationFactor: 1,
        configEntries: compacted ? [{ name: 'cleanup.policy', value: 'compact' }] : [],
      })),
    });
  } finally {
    await admin.disconnect();
  }
}
