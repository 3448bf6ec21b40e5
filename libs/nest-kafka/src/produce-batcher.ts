import { type Message, type TopicMessages } from 'kafkajs';

export interface QueuedMessage {
  topic: string;
  message: Message;
}

interface Waiting {
  messages: QueuedMessage[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** A produce request stays well under the broker's default request limit (1 MB per message, 100 MB total). */
const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/**
 * One produce request at a time (the idempotent producer keeps order with one in flight); what is sent
 * while a request is in flight waits and goes out together in the next one. Each caller's promise settles
 * with the request that carried its messages. Plain TypeScript around a send function.
 */
export class ProduceBatcher {
  private queue: Waiting[] = [];
  private sending?: Promise<void>;

  constructor(private readonly sendBatch: (topicMessages: TopicMessages[]) => Promise<void>) {}

  send(messages: QueuedMessage[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ messages, resolve, reject });
      if (!this.sending) this.sending = this.drain();
    });
  }

  /** Resolves once nothing is queued or in flight. */
  async flushed(): Promise<void> {
    while (this.sending) await this.sending;
  }

  private async drain(): Promise<void> {
    // Let the callers of this tick join the first request.
    await Promise.resolve();
    while (this.queue.length > 0) {
      const batch = this.takeBatch();
      try {
        await this.sendBatch(groupByTopic(batch));
        for (const waiting of batch) waiting.resolve();
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    this.sending = undefined;
  }

  private takeBatch(): Waiting[] {
    let bytes = 0;
    let count = 0;
    for (const waiting of this.queue) {
      const size = waiting.messages.reduce((sum, m) => sum + sizeOf(m.message), 0);
      if (count > 0 && bytes + size > MAX_BATCH_BYTES) break;
      bytes += size;
      count += 1;
    }
    return this.queue.splice(0, count);
  }
}

function groupByTopic(batch: Waiting[]): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const waiting of batch) {
    for (const { topic, message } of waiting.messages) {
      const list = byTopic.get(topic);
      if (list) list.push(message);
      else byTopic.set(topic, [message]);
    }
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

function sizeOf(message: Message): number {
  const value = message.value;
  return (typeof value === 'string' ? Buffer.byteLength(value) : (value?.length ?? 0)) + 256;
}
