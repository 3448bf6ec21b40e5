import { context, propagation, trace } from '@opentelemetry/api';
import { startTelemetry, stopTelemetry } from './telemetry';

describe('startTelemetry without an exporter', () => {
  afterAll(() => stopTelemetry());

  it('still gives spans real ids and puts W3C trace context in outgoing headers', () => {
    startTelemetry({ serviceName: 'test', env: {} });
    const headers: Record<string, string> = {};
    const traceId = trace.getTracer('test').startActiveSpan('work', (span) => {
      propagation.inject(context.active(), headers);
      span.end();
      return span.spanContext().traceId;
    });
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(traceId).not.toBe('0'.repeat(32));
    expect(headers['traceparent']).toContain(traceId);
  });
});
