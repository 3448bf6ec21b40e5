import { type Context, context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';

const TRACEPARENT = 'traceparent';

/** The W3C `traceparent` of the active span, to keep with something that outlives the request (a run). */
export function currentTraceParent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier[TRACEPARENT];
}

/** The context a kept `traceparent` stands for, to parent later spans on; undefined when none was kept. */
export function traceContextOf(traceParent: string | null | undefined): Context | undefined {
  if (!traceParent) return undefined;
  return propagation.extract(ROOT_CONTEXT, { [TRACEPARENT]: traceParent });
}

/**
 * Message headers with a trace context: the one given (`traceParent`, e.g. the run's), else the active
 * span's; headers that already carry one keep it.
 */
export function withTraceContext(
  headers: Record<string, string>,
  traceParent?: string | null,
): Record<string, string> {
  if (headers[TRACEPARENT]) return headers;
  if (traceParent) return { ...headers, [TRACEPARENT]: traceParent };
  const carrier = { ...headers };
  propagation.inject(context.active(), carrier);
  return carrier;
}
