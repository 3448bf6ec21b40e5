import { randomBytes } from 'node:crypto';
import { type INestMicroservice } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { tracing } from '@opentelemetry/sdk-node';
import { createMessage } from '@flowline/contracts';
import { flushTelemetry, startTelemetry, stopTelemetry } from '@flowline/nest-observability';
import { createTestNamespace, type TestNamespace, waitFor } from '@flowline/testing-infra';
import { KafkaPublisher } from '../kafka-publisher';
import { ensureTopics } from '../kafka-topics';
import { PING_TOPIC, type PingInbox, startPingService } from './ping-consumer.fixture';

describe('trace context across Kafka', () => {
  const exporter = new tracing.InMemorySpanExporter();
  let ns: TestNamespace;
  let app: INestMicroservice;
  let inbox: PingInbox;

  beforeAll(async () => {
    startTelemetry({ serviceName: 'trace-test', spanExporter: exporter });
    ns = await createTestNamespace('trace');
    const settings = {
      serviceName: 'trace-consumer',
      groupId: `trace-${randomBytes(4).toString('hex')}`,
      brokers: ns.kafkaBrokers,
      topicPrefix: ns.topicPrefix,
    };
    await ensureTopics(settings, [PING_TOPIC]);
    ({ app, inbox } = await startPingService(settings));
  });

  afterAll(async () => {
    await app?.close();
    await ns?.dispose();
    await stopTelemetry();
  });

  it('continues the producer’s trace in the consumer’s span', async () => {
    const publisher = app.get(KafkaPublisher);
    const producerTraceId = await trace.getTracer('test').startActiveSpan('submit form', async (span) => {
      await publisher.publish(
        PING_TOPIC,
        createMessage('PING', 'org_a', { runId: 'wfr_trace', sequence: 1 }),
      );
      span.end();
      return span.spanContext().traceId;
    });

    const received = await waitFor(() => inbox.received.find((r) => r.message.runId === 'wfr_trace'));
    expect(producerTraceId).toMatch(/^[0-9a-f]{32}$/);
    expect(producerTraceId).not.toBe('0'.repeat(32));
    expect(received.traceId).toBe(producerTraceId);
    expect(received.parentTraceparent).toContain(producerTraceId);

    await waitFor(async () => {
      await flushTelemetry();
      return exporter.getFinishedSpans().some((s) => s.name.endsWith(`${PING_TOPIC} process`));
    });
    const consumerSpan = exporter.getFinishedSpans().find((s) => s.name.endsWith(`${PING_TOPIC} process`));
    expect(consumerSpan?.spanContext().traceId).toBe(producerTraceId);
  });
});
