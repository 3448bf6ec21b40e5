import { createMessage, type Message } from '@flowline/contracts';
import { type KafkaMessage } from 'kafkajs';

export type DeadLetterReason = 'INVALID_MESSAGE' | 'HANDLER_FAILED';

export interface DeadLetterPayload {
  reason: DeadLetterReason;
  error: string;
  /** Field-level problems when the message failed validation. */
  problems: Array<{ path: string; message: string }>;
  source: { topic: string; partition: number; offset: string; key: string | null; timestamp: string };
  /** The original value exactly as it was read (a string), so it can be inspected and replayed. */
  value: string | null;
  headers: Record<string, string>;
  attempts: number;
}

export const DEAD_LETTER_TYPE = 'DEAD_LETTER';

/** The DLQ record for a message: what failed, why, where it came from, and the original bytes. */
export function deadLetterFor(args: {
  reason: DeadLetterReason;
  error: string;
  problems?: DeadLetterPayload['problems'];
  topic: string;
  partition: number;
  message: KafkaMessage;
  headers: Record<string, string>;
  attempts: number;
}): Message<DeadLetterPayload> {
  const { message } = args;
  const value = rawValue(message.value);
  return createMessage(DEAD_LETTER_TYPE, orgIdOf(message.value) ?? 'unknown', {
    reason: args.reason,
    error: args.error,
    problems: args.problems ?? [],
    source: {
      topic: args.topic,
      partition: args.partition,
      offset: message.offset,
      key: message.key == null ? null : message.key.toString(),
      timestamp: message.timestamp,
    },
    value,
    headers: args.headers,
    attempts: args.attempts,
  });
}

function rawValue(value: unknown): string | null {
  if (value == null) return null;
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return JSON.stringify(value);
}

function orgIdOf(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'orgId' in value) {
    const orgId = (value as { orgId: unknown }).orgId;
    if (typeof orgId === 'string' && orgId.length > 0) return orgId;
  }
  return undefined;
}
