import { type IncomingMessage, type ServerResponse } from 'node:http';
import { metrics, ProxyTracerProvider, trace } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { AggregationType, type ViewOptions } from '@opentelemetry/sdk-metrics';
import { NodeSDK, resources, tracing } from '@opentelemetry/sdk-node';

export interface TelemetryOptions {
  serviceName: string;
  /** Where spans go. Default: OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set, otherwise nowhere. */
  spanExporter?: tracing.SpanExporter;
  env?: NodeJS.ProcessEnv;
}

let running: NodeSDK | undefined;
let prometheus: PrometheusExporter | undefined;

/** Seconds; durations here span from a fast-path JQ evaluation to a node waiting on an async callback. */
const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800];

/**
 * Starts the OpenTelemetry Node SDK: W3C trace context propagation, HTTP instrumentation, spans exported
 * over OTLP when a collector is configured (batched, off the request path), and metrics read by
 * Prometheus through `/metrics` (`metricsHandler`). Call it before anything else is imported in `main.ts`
 * (`import './telemetry'` as the first line), so the HTTP module is instrumented when Nest loads it.
 * Without an exporter, spans are still created, so trace ids reach logs and Kafka headers.
 */
export function startTelemetry(options: TelemetryOptions): NodeSDK {
  if (running) return running;
  const env = options.env ?? process.env;
  // HTTP metrics and spans under the stable semantic conventions (http.server.request.duration, seconds).
  process.env['OTEL_SEMCONV_STABILITY_OPT_IN'] ??= 'http';
  const exporter =
    options.spanExporter ?? (env['OTEL_EXPORTER_OTLP_ENDPOINT'] ? new OTLPTraceExporter() : undefined);
  prometheus = new PrometheusExporter({ preventServerStart: true });
  const sdk = new NodeSDK({
    resource: resources.resourceFromAttributes({ 'service.name': options.serviceName }),
    // Without an exporter a no-op processor still makes the SDK register its tracer provider and the
    // W3C propagator: spans get real ids, which reach logs and Kafka headers.
    spanProcessors: [exporter ? new tracing.BatchSpanProcessor(exporter) : new tracing.NoopSpanProcessor()],
    metricReader: prometheus,
    views: durationViews(),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => isHealthCheck(req.url),
        // Outgoing calls to the collector would otherwise trace themselves.
        ignoreOutgoingRequestHook: (req) => req.path?.startsWith('/v1/traces') ?? false,
      }),
    ],
  });
  sdk.start();
  running = sdk;
  return sdk;
}

export async function stopTelemetry(): Promise<void> {
  const sdk = running;
  running = undefined;
  prometheus = undefined;
  await sdk?.shutdown();
}

/** Exports every finished span now (tests read exporters; services call it before exiting). */
export async function flushTelemetry(): Promise<void> {
  const provider = trace.getTracerProvider();
  const delegate = provider instanceof ProxyTracerProvider ? provider.getDelegate() : provider;
  await (delegate as { forceFlush?: () => Promise<void> }).forceFlush?.();
}

/**
 * Answers a Prometheus scrape with every instrument of this process in the text format. Without
 * `startTelemetry` (unit and integration tests) it answers an empty page.
 */
export function metricsHandler(request: IncomingMessage, response: ServerResponse): void {
  if (prometheus) {
    prometheus.getMetricsRequestHandler(request, response);
    return;
  }
  response.statusCode = 200;
  response.setHeader('content-type', 'text/plain');
  response.end('# no metrics: telemetry was not started\n');
}

/** The meter every Flowline instrument comes from (a no-op until `startTelemetry`). */
export function flowlineMeter(scope: string) {
  return metrics.getMeter(scope);
}

function durationViews(): ViewOptions[] {
  return [
    {
      instrumentName: '*duration*',
      aggregation: {
        type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
        options: { boundaries: DURATION_BUCKETS },
      },
    },
  ];
}

function isHealthCheck(url: string | undefined): boolean {
  return (url?.startsWith('/health/') || url === '/metrics') ?? false;
}
