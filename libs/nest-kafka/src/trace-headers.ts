import {
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

const tracer = trace.getTracer('@flowline/nest-kafka');

export type MessageHeaders = Record<string, string>;

/** Runs `publish` in a producer span and hands it headers carrying the W3C trace context. */
export async function withProducerSpan<T>(
  topic: string,
  headers: MessageHeaders,
  publish: (headers: MessageHeaders) => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(
    `${topic} publish`,
    {
      kind: SpanKind.PRODUCER,
      attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': topic },
    },
    (span) => {
      const carrier: MessageHeaders = { ...headers };
      propagation.inject(context.active(), carrier);
      return endSpan(span, () => publish(carrier));
    },
  );
}

/** Runs `process` in a consumer span whose parent is the trace context the producer put in the headers. */
export async function withConsumerSpan<T>(
  topic: string,
  headers: Record<string, unknown> | undefined,
  process: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = propagation.extract(ROOT_CONTEXT, stringHeaders(headers));
  return tracer.startActiveSpan(
    `${topic} process`,
    { kind: SpanKind.CONSUMER, attributes: { 'messaging.system': 'kafka', 'messaging.source.name': topic } },
    parent,
    (span) => endSpan(span, () => process(span)),
  );
}

async function endSpan<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}

/** Kafka headers as strings (kafkajs gives Buffers; Nest's parser already decodes them to strings). */
export function stringHeaders(headers: Record<string, unknown> | undefined): MessageHeaders {
  const result: MessageHeaders = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (typeof value === 'string') result[key] = value;
    else if (Buffer.isBuffer(value)) result[key] = value.toString('utf8');
    else if (Array.isArray(value) && value.length > 0) result[key] = String(value[0]);
  }
  return result;
}
