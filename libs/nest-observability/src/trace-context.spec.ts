import { context, propagation, trace } from '@opentelemetry/api';
import { core, node } from '@opentelemetry/sdk-node';
import { currentTraceParent, traceContextOf, withTraceContext } from './trace-context';

describe('trace context kept with messages and runs', () => {
  beforeAll(() => {
    new node.NodeTracerProvider().register();
    propagation.setGlobalPropagator(new core.W3CTraceContextPropagator());
  });

  const kept = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

  it('stores the active span’s context with a message, and keeps one it already has', () => {
    const { traceId, headers } = trace.getTracer('test').startActiveSpan('work', (span) => {
      const result = { traceId: span.spanContext().traceId, headers: withTraceContext({ a: '1' }) };
      span.end();
      return result;
    });
    expect(headers['a']).toBe('1');
    expect(headers['traceparent']).toContain(traceId);
    expect(withTraceContext({ traceparent: kept })).toEqual({ traceparent: kept });
  });

  it('puts a run’s kept trace on its messages, whatever span is active', () => {
    const headers = trace.getTracer('test').startActiveSpan('a timer', (span) => {
      const result = withTraceContext({}, kept);
      span.end();
      return result;
    });
    expect(headers).toEqual({ traceparent: kept });
  });

  it('turns a kept traceparent back into a context to continue', () => {
    const parent = traceContextOf(kept);
    if (!parent) throw new Error('a kept traceparent gives a context');
    const child = trace.getTracer('test').startSpan('later work', {}, parent);
    expect(child.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    child.end();
    expect(traceContextOf(null)).toBeUndefined();
    expect(context.with(parent, () => currentTraceParent())).toBe(kept);
  });
});
