import { Inject, Injectable, Logger } from '@nestjs/common';
import { type KafkaContext } from '@nestjs/microservices';
import { metrics } from '@opentelemetry/api';
import { type ClassConstructor } from 'class-transformer';
import { deadLetterTopic, validateMessage } from '@flowline/contracts';
import { deadLetterFor, type DeadLetterPayload } from './dead-letter';
import { KafkaPublisher } from './kafka-publisher';
import { KAFKA_SETTINGS, type KafkaSettings } from './kafka-settings';
import { stringHeaders, withConsumerSpan } from './trace-headers';

export type ConsumeOutcome = 'handled' | 'dead-lettered';

const DEFAULT_HANDLER_ATTEMPTS = 3;
const RETRY_BASE_DELAY_MS = 200;

const deadLetters = metrics
  .getMeter('@flowline/nest-kafka')
  .createCounter('flowline.messaging.dead_letters', {
    description: 'Messages parked on a dead-letter topic, by the topic they were consumed from',
    unit: '{message}',
  });

/**
 * What every Kafka handler calls first: it validates the message against its class, runs the handler in
 * a consumer span continuing the producer's trace, retries a failing handler a few times, and parks what
 * is invalid or keeps failing on `<topic>.dlq` with the reason. It never throws, so the consumer moves on
 * and the offset is committed only after the message was handled or dead-lettered.
 *
 *   @EventPattern(Topics.runRequested)
 *   onRunRequested(@Ctx() ctx: KafkaContext) {
 *     return this.messages.consume(ctx, RunRequestedMessage, (message) => this.startRun.execute(message));
 *   }
 */
@Injectable()
export class KafkaMessageConsumer {
  private readonly logger = new Logger(KafkaMessageConsumer.name);
  private readonly attempts: number;

  constructor(
    private readonly publisher: KafkaPublisher,
    @Inject(KAFKA_SETTINGS) settings: KafkaSettings,
  ) {
    this.attempts = Math.max(1, settings.handlerAttempts ?? DEFAULT_HANDLER_ATTEMPTS);
  }

  async consume<T extends object>(
    ctx: KafkaContext,
    type: ClassConstructor<T>,
    handle: (message: T) => Promise<unknown>,
  ): Promise<ConsumeOutcome> {
    const raw = ctx.getMessage();
    const topic = ctx.getTopic();
    const headers = stringHeaders(raw.headers as Record<string, unknown>);
    return withConsumerSpan(topic, headers, async (span) => {
      const validation = validateMessage(type, raw.value);
      if (!validation.ok) {
        span.setAttribute('flowline.dead_lettered', true);
        const summary = validation.problems.map((p) => `${p.path || '(message)'}: ${p.message}`).join('; ');
        await this.deadLetter(
          ctx,
          headers,
          'INVALID_MESSAGE',
          `invalid ${type.name}: ${summary}`,
          0,
          validation.problems,
        );
        return 'dead-lettered';
      }
      let lastError: unknown;
      for (let attempt = 1; attempt <= this.attempts; attempt += 1) {
        try {
          await handle(validation.message);
          return 'handled';
        } catch (error) {
          lastError = error;
          this.logger.warn(
            `${topic}@${raw.offset}: attempt ${attempt}/${this.attempts} failed: ${errorText(error)}`,
          );
          if (attempt < this.attempts) {
            await ctx.getHeartbeat()();
            await delay(RETRY_BASE_DELAY_MS * 2 ** (attempt - 1));
          }
        }
      }
      span.setAttribute('flowline.dead_lettered', true);
      await this.deadLetter(ctx, headers, 'HANDLER_FAILED', errorText(lastError), this.attempts);
      return 'dead-lettered';
    });
  }

  private async deadLetter(
    ctx: KafkaContext,
    headers: Record<string, string>,
    reason: DeadLetterPayload['reason'],
    error: string,
    attempts: number,
    problems: DeadLetterPayload['problems'] = [],
  ): Promise<void> {
    const topic = ctx.getTopic();
    const message = ctx.getMessage();
    const letter = deadLetterFor({
      reason,
      error,
      problems,
      topic,
      partition: ctx.getPartition(),
      message,
      headers,
      attempts,
    });
    this.logger.error(`${topic}@${message.offset} sent to ${deadLetterTopic(topic)}: ${error}`);
    deadLetters.add(1, { 'messaging.destination.name': topic, 'error.type': reason });
    await this.publisher.publishToTopic(deadLetterTopic(topic), letter, {
      key: letter.source.key ?? `${topic}/${ctx.getPartition()}/${message.offset}`,
      headers: { 'x-flowline-dlq-reason': reason },
    });
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
