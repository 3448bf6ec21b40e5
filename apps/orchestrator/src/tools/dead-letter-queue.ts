import { randomBytes } from 'node:crypto';
import { deadLetterTopic, prefixedTopic } from '@flowline/contracts';
import { DEAD_LETTER_TYPE, type DeadLetterPayload } from '@flowline/nest-kafka';
import { type Admin, Kafka, logLevel } from 'kafkajs';

/** One record of a dead-letter topic, as KafkaMessageConsumer wrote it. */
export interface DeadLetter extends DeadLetterPayload {
  /** The dead letter's own envelope id (`msg_…`): what `replay --id` names. */
  id: string;
  occurredAt: string;
  /** Where it sits in the dead-letter topic. */
  at: { topic: string; partition: number; offset: string };
}

/** How long reading a dead-letter topic to its end may take before giving up. */
const READ_TIMEOUT_MS = 30_000;

/**
 * Reads and replays the dead-letter topics (`<topic>.dlq`) KafkaMessageConsumer writes: a message that
 * failed validation or kept failing, with the reason, the error, where it came from and its original
 * value, key and headers. Reading never commits offsets of a service's group: it uses a throw-away group.
 */
export class DeadLetterQueue {
  private readonly kafka: Kafka;

  constructor(
    brokers: string[],
    private readonly topicPrefix = '',
  ) {
    this.kafka = new Kafka({ clientId: 'flowline-dlq', brokers, logLevel: logLevel.NOTHING });
  }

  /**
   * The dead-letter topic for what the user typed: a topic (`flowline.runs.requested.v1`) or its DLQ
   * (`… .v1.dlq`), with or without this installation's prefix.
   */
  dlqTopicFor(topic: string): string {
    const dlq = topic.endsWith('.dlq') ? topic : deadLetterTopic(topic);
    return this.topicPrefix && dlq.startsWith(this.topicPrefix) ? dlq : prefixedTopic(dlq, this.topicPrefix);
  }

  /** The dead letters of a topic, oldest first per partition, at most `limit`. */
  async list(topic: string, limit = Number.POSITIVE_INFINITY): Promise<DeadLetter[]> {
    const dlq = this.dlqTopicFor(topic);
    const letters = await this.readAll(dlq);
    return letters.slice(0, limit);
  }

  /**
   * Publishes the original value of dead letters again, with their original key and headers, to the
   * topic they came from (plus `x-flowline-replay-of: <dead letter id>`). `ids` undefined: all of them.
   * Returns the replayed dead letters; an id that is not in the topic is an error, and nothing is sent.
   */
  async replay(topic: string, ids?: string[]): Promise<DeadLetter[]> {
    const letters = await this.list(topic);
    const chosen = ids ? letters.filter((letter) => ids.includes(letter.id)) : letters;
    const missing = (ids ?? []).filter((id) => !letters.some((letter) => letter.id === id));
    if (missing.length > 0) {
      throw new Error(`no dead letter ${missing.join(', ')} in ${this.dlqTopicFor(topic)}`);
    }
    if (chosen.length === 0) return [];
    const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      for (const letter of chosen) {
        await producer.send({
          topic: letter.source.topic,
          acks: -1,
          messages: [
            {
              key: letter.source.key,
              value: letter.value,
              headers: { ...letter.headers, 'x-flowline-replay-of': letter.id },
            },
          ],
        });
      }
    } finally {
      await producer.disconnect();
    }
    return chosen;
  }

  /** Reads a topic from its start to its current end with a throw-away consumer group. */
  private async readAll(topic: string): Promise<DeadLetter[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    const groupId = `flowline-dlq-reader-${randomBytes(6).toString('hex')}`;
    try {
      const pending = await unreadPartitions(admin, topic);
      if (pending.size === 0) return [];
      const letters: DeadLetter[] = [];
      const consumer = this.kafka.consumer({ groupId });
      await consumer.connect();
      try {
        await consumer.subscribe({ topic, fromBeginning: true });
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`reading ${topic} took longer than ${READ_TIMEOUT_MS} ms`)),
            READ_TIMEOUT_MS,
          );
          consumer
            .run({
              autoCommit: false,
              eachMessage: async ({ partition, message }) => {
                const letter = parseDeadLetter(message.value?.toString('utf8') ?? null, {
                  topic,
                  partition,
                  offset: message.offset,
                });
                if (letter) letters.push(letter);
                const end = pending.get(partition);
                if (end !== undefined && BigInt(message.offset) + 1n >= end) pending.delete(partition);
                if (pending.size === 0) {
                  clearTimeout(timer);
                  resolve();
                }
              },
            })
            .catch(reject);
        });
      } finally {
        await consumer.disconnect();
      }
      return letters.sort(
        (a, b) => a.at.partition - b.at.partition || Number(BigInt(a.at.offset) - BigInt(b.at.offset)),
      );
    } finally {
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.disconnect();
    }
  }
}

/** The partitions that hold messages, with the offset after their last one. */
async function unreadPartitions(admin: Admin, topic: string): Promise<Map<number, bigint>> {
  const topics = await admin.listTopics();
  if (!topics.includes(topic)) throw new Error(`topic ${topic} does not exist`);
  const offsets = await admin.fetchTopicOffsets(topic);
  return new Map(
    offsets
      .filter((partition) => BigInt(partition.high) > BigInt(partition.low))
      .map((partition) => [partition.partition, BigInt(partition.high)]),
  );
}

/** A dead letter from its JSON value; undefined for anything else that landed on the topic. */
export function parseDeadLetter(value: string | null, at: DeadLetter['at']): DeadLetter | undefined {
  if (value === null) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return undefined;
  }
  const letter = json as Partial<DeadLetter> & { type?: unknown };
  if (letter.type !== DEAD_LETTER_TYPE || typeof letter.id !== 'string' || !letter.source) return undefined;
  return {
    id: letter.id,
    occurredAt: String(letter.occurredAt ?? ''),
    reason: letter.reason as DeadLetter['reason'],
    error: String(letter.error ?? ''),
    problems: letter.problems ?? [],
    source: letter.source,
    value: letter.value ?? null,
    headers: letter.headers ?? {},
    attempts: letter.attempts ?? 0,
    at,
  };
}
