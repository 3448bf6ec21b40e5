import { Controller, type INestMicroservice, Injectable, type ModuleMetadata } from '@nestjs/common';
import { Ctx, EventPattern, type KafkaContext } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { trace } from '@opentelemetry/api';
import { IsInt, IsString, Min } from 'class-validator';
import { EnvelopeMessage } from '@flowline/contracts';
import { FlowlineKafkaServer } from '../kafka-server';
import { KafkaMessageConsumer } from '../kafka-message-consumer';
import { type KafkaSettings } from '../kafka-settings';
import { KafkaModule } from '../kafka.module';

/** A test-only topic; FlowlineKafkaServer prefixes it like any contract topic. */
export const PING_TOPIC = 'flowline.test.ping.v1';

export class PingMessage extends EnvelopeMessage {
  @IsString() runId!: string;
  @IsInt() @Min(0) sequence!: number;
}

export interface ReceivedPing {
  message: PingMessage;
  traceId?: string;
  parentTraceparent?: string;
}

@Injectable()
export class PingInbox {
  readonly received: ReceivedPing[] = [];
  /** Sequences whose handler should throw, to exercise retries and the DLQ. */
  readonly failing = new Set<number>();
}

@Controller()
class PingController {
  constructor(
    private readonly messages: KafkaMessageConsumer,
    private readonly inbox: PingInbox,
  ) {}

  @EventPattern(PING_TOPIC)
  onPing(@Ctx() ctx: KafkaContext) {
    return this.messages.consume(ctx, PingMessage, async (message) => {
      if (this.inbox.failing.has(message.sequence)) throw new Error(`ping ${message.sequence} refused`);
      const headers = ctx.getMessage().headers as Record<string, string>;
      this.inbox.received.push({
        message,
        traceId: trace.getActiveSpan()?.spanContext().traceId,
        parentTraceparent: headers['traceparent'],
      });
    });
  }
}

/** A NestJS microservice consuming PING_TOPIC through libs/nest-kafka, as a real service would. */
export async function startPingService(
  settings: KafkaSettings,
  extra: ModuleMetadata = {},
): Promise<{ app: INestMicroservice; inbox: PingInbox }> {
  const moduleRef = await Test.createTestingModule({
    imports: [KafkaModule.forRoot(settings), ...(extra.imports ?? [])],
    controllers: [PingController],
    providers: [PingInbox],
  }).compile();
  const app = moduleRef.createNestMicroservice({ strategy: new FlowlineKafkaServer(settings) });
  app.enableShutdownHooks();
  await app.init();
  await app.listen();
  return { app, inbox: app.get(PingInbox) };
}
