import {
  createMessage,
  type Message,
  NODE_COMPLETED_MESSAGE_TYPE,
  type NodeCompletedMessage,
  type NodeDispatchMessage,
  type NodeRunLog,
} from '@flowline/contracts';
import { type ExecutionLog, type ExecutionResult } from '../node-executor';
import { type SecretScrubber } from '../secrets/secret-scrubber';

/** NodeRunLog.log, NodeFailure.message and NodeFailure.code limits (libs/contracts). */
const MAX_TEXT = 10_000;
const MAX_CODE = 100;

export type NodeCompletedPayload = Omit<NodeCompletedMessage, 'id' | 'type' | 'occurredAt' | 'orgId'>;

/**
 * The NodeCompletedMessage for one attempt's result: secret values masked everywhere (output, logs,
 * failure), texts cut to the contract's limits. Pure, so the mapping is tested without Kafka.
 */
export function toNodeCompletedMessage(
  dispatch: Pick<NodeDispatchMessage, 'orgId' | 'runId' | 'nodeRunId' | 'attempt'>,
  result: ExecutionResult,
  scrubber: SecretScrubber,
  at: Date = new Date(),
): Message<NodeCompletedPayload> {
  const payload: NodeCompletedPayload = {
    runId: dispatch.runId,
    nodeRunId: dispatch.nodeRunId,
    attempt: dispatch.attempt,
    status: result.status,
    logs: result.logs.map((log) => toNodeRunLog(log, scrubber)),
  };
  if (result.output !== undefined) payload.output = scrubber.value(result.output);
  if (result.status === 'COMPLETED') {
    payload.result = result.result;
    if (result.result === 'FAILED') {
      payload.failure = {
        code: cut(result.failure.code, MAX_CODE),
        message: cut(scrubber.text(result.failure.message), MAX_TEXT),
        retryable: result.failure.retryable,
      };
    }
  }
  return createMessage(NODE_COMPLETED_MESSAGE_TYPE, dispatch.orgId, payload, at);
}

function toNodeRunLog(log: ExecutionLog, scrubber: SecretScrubber): NodeRunLog {
  return {
    logLevel: log.logLevel,
    log: cut(scrubber.text(log.log), MAX_TEXT),
    ...(log.tags ? { tags: scrubber.value(log.tags) } : {}),
  };
}

/** Cuts text to `max` characters, saying so at the end. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const marker = '… (cut)';
  return text.slice(0, max - marker.length) + marker;
}

/** Kafka refuses messages over about 1 MB (the broker's message.max.bytes): a result stays under this. */
export const DEFAULT_MAX_RESULT_BYTES = 900 * 1024;
/** Log lines kept when a result is over the limit. */
const LOGS_KEPT_WHEN_TOO_LARGE = 20;

/**
 * A result that would not fit in a Kafka message loses its output (and most logs) instead of never
 * reaching the orchestrator. A success becomes a non-retryable OUTPUT_TOO_LARGE failure: another
 * attempt would repeat the side effect and get as much back.
 */
export function fitResultSize(
  message: Message<NodeCompletedPayload>,
  maxBytes: number = DEFAULT_MAX_RESULT_BYTES,
): Message<NodeCompletedPayload> {
  const size = Buffer.byteLength(JSON.stringify(message));
  if (size <= maxBytes) return message;
  const text = `the node result (${size} bytes) is larger than the limit of ${maxBytes} bytes; its output was dropped`;
  const { output: _dropped, ...rest } = message;
  const logs: NodeRunLog[] = [
    ...message.logs.slice(0, LOGS_KEPT_WHEN_TOO_LARGE).map((log) => ({ ...log, log: cut(log.log, 2_000) })),
    { logLevel: 'ERROR', log: text },
  ];
  if (message.status === 'COMPLETED' && message.result === 'SUCCESS') {
    return {
      ...rest,
      result: 'FAILED',
      failure: { code: 'OUTPUT_TOO_LARGE', message: text, retryable: false },
      logs,
    };
  }
  return { ...rest, logs };
}
