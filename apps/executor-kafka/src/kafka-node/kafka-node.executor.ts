import { Injectable } from '@nestjs/common';
import {
  type ExecutionRequest,
  type ExecutionResult,
  failed,
  inProgress,
  type NodeExecutor,
  succeeded,
  withActionPayload,
} from '@flowline/executor-runtime';
import { KafkaPublisher } from '@flowline/nest-kafka';
import { ExecutorKafkaConfig } from '../executor-kafka.config';
import { parseKafkaNode } from './kafka-node-config';
import { nodeRunHeaders, nodeRunMessage } from './node-run-message';
import { OrgTopics } from './org-topics';

/**
 * KAFKA nodes (reference §5.2): one message per attempt on the org's topic, the rendered payload in
 * Flowline's envelope, keyed by the idempotency key. Completes on the broker's acknowledgement, or stays
 * IN_PROGRESS for a consumer to report when the node says `synchronized: false`.
 */
@Injectable()
export class KafkaNodeExecutor implements NodeExecutor {
  readonly backend = 'kafka' as const;

  constructor(
    private readonly config: ExecutorKafkaConfig,
    private readonly publisher: KafkaPublisher,
    private readonly topics: OrgTopics,
  ) {}

  async execute(request: ExecutionRequest): Promise<ExecutionResult> {
    const { dispatch, idempotencyKey } = request;
    const parsed = parseKafkaNode(
      request.config,
      dispatch.orgId,
      this.config.KAFKA_TOPIC_PREFIX,
      defaultPayloadOf(request.context),
    );
    if (!parsed.ok) {
      const message = `invalid KAFKA config: ${parsed.problems.join('; ')}`;
      return failed({ code: 'INVALID_CONFIG', message, retryable: false });
    }
    const { topic, payload, synchronized } = parsed.publication;
    const message = nodeRunMessage(dispatch, payload);
    const size = Buffer.byteLength(JSON.stringify(message));
    if (size > this.config.KAFKA_MAX_MESSAGE_BYTES) {
      const text = `the message is ${size} bytes, over the limit of ${this.config.KAFKA_MAX_MESSAGE_BYTES}`;
      return failed({ code: 'MESSAGE_TOO_LARGE', message: text, retryable: false });
    }

    try {
      await this.topics.ensure(topic);
    } catch (error) {
      return failed({
        code: 'TOPIC_UNAVAILABLE',
        message: `topic ${topic} could not be created: ${errorText(error)}`,
        retryable: true,
      });
    }
    try {
      await this.publisher.publishToTopic(topic, message, {
        key: idempotencyKey,
        headers: nodeRunHeaders(dispatch),
      });
    } catch (error) {
      return failed({
        code: 'PUBLISH_FAILED',
        message: `publishing to ${topic} failed: ${errorText(error)}`,
        retryable: true,
      });
    }

    const output = { topic, key: idempotencyKey, messageId: message.id };
    const published = `published ${message.id} to ${topic} (key ${idempotencyKey})`;
    const result = synchronized
      ? succeeded(output, [{ logLevel: 'INFO', log: published }])
      : inProgress(
          [
            {
              logLevel: 'INFO',
              log: `${published}; waiting for the node run to be reported (synchronized: false)`,
            },
          ],
          output,
        );
    return withActionPayload(result, request, message);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What a KAFKA node without `payload` publishes: the run's template context (it never holds secrets). */
export function defaultPayloadOf(context: ExecutionRequest['context']): Record<string, unknown> {
  return {
    outputs: context.outputs,
    workflow: context.workflow,
    workflowRun: context.workflowRun,
    workflowNodeRun: context.workflowNodeRun,
  };
}
