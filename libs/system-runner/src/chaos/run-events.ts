import { randomBytes } from 'node:crypto';
import { prefixedTopic, Topics } from '@flowline/contracts';
import { type Consumer, Kafka, logLevel } from 'kafkajs';

/** One message of `flowline.runs.events.v1`, as far as the kill test reads it. */
export interface RunEvent {
  /** The envelope id: a message published again after a crash (outbox, at least once) keeps it. */
  id: string;
  type: string;
  runId: string;
  workflowIdentifier?: string;
  nodeRunId?: string;
  nodeIdentifier?: string;
  status: string;
  result?: string | null;
}

/**
 * Every run event of an installation, read from the beginning of the topic in a consumer group of its
 * own, in the order of each partition (a run's events share one: they are keyed by run id).
 */
export class RunEventLog {
  readonly events: RunEvent[] = [];
  /** Runs seen COMPLETED at least once. */
  readonly completedRuns = new Set<string>();

  private constructor(
    private readonly kafka: Kafka,
    private readonly consumer: Consumer,
    private readonly groupId: string,
  ) {}

  static async start(brokers: string[], topicPrefix: string): Promise<RunEventLog> {
    const kafka = new Kafka({ clientId: 'chaos-run-events', brokers, logLevel: logLevel.NOTHING });
    const groupId = `${topicPrefix}chaos-run-events-${randomBytes(4).toString('hex')}`;
    const consumer = kafka.consumer({ groupId });
    const log = new RunEventLog(kafka, consumer, groupId);
    await consumer.connect();
    await consumer.subscribe({ topic: prefixedTopic(Topics.runEvents, topicPrefix), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const event = parse(message.value?.toString());
        if (!event) return;
        log.events.push(event);
        if (event.type === 'WORKFLOW_RUN_STATUS_CHANGED' && event.status === 'COMPLETED')
          log.completedRuns.add(event.runId);
      },
    });
    return log;
  }

  /** Leaves the group and deletes it, so the broker keeps nothing of this reader. */
  async stop(): Promise<void> {
    await this.consumer.disconnect();
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.deleteGroups([this.groupId]).catch(() => undefined);
    } finally {
      await admin.disconnect();
    }
  }
}

function parse(text: string | undefined): RunEvent | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<RunEvent>;
    if (typeof value.id !== 'string' || typeof value.runId !== 'string' || typeof value.status !== 'string')
      return undefined;
    return value as RunEvent;
  } catch {
    return undefined;
  }
}
