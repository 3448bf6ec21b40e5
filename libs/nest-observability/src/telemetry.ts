import { ProxyTracerProvider, trace } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK, resources, tracing } from '@opentelemetry/sdk-node';

export interface TelemetryOptions {
  serviceName: string;
  /** Where spans go. Default: OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set, otherwise nowhere. */
  spanExporter?: tracing.SpanExporter;
  env?: NodeJS.ProcessEnv;
}

let running: NodeSDK | undefined;

/**
 * Starts the OpenTelemetry Node SDK: W3C trace context propagation, HTTP instrumentation, spans exported
 * over OTLP when a collector is configured. Call it before anything else is imported in `main.ts`
 * (`import './telemetry'` as the first line), so the HTTP module is instrumented when Nest loads it.
 * Without an exporter, spans are still created, so trace ids reach logs and Kafka headers.
 */
export function startTelemetry(options: TelemetryOptions): NodeSDK {
  if (running) return running;
  const env = options.env ?? process.env;
  const exporter =
    options.spanExporter ?? (env['OTEL_EXPORTER_OTLP_ENDPOINT'] ? new OTLPTraceExporter() : undefined);
  const sdk = new NodeSDK({
    resource: resources.resourceFromAttributes({ 'service.name': options.serviceName }),
    // Without an exporter a no-op processor still makes the SDK register its tracer provider and the
    // W3C propagator: spans get real ids, which reach logs and Kafka headers.
    spanProcessors: [exporter ? new tracing.BatchSpanProcessor(exporter) : new tracing.NoopSpanProcessor()],
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => isHealthCheck(req.url) }),
    ],
  });
  sdk.start();
  running = sdk;
  return sdk;
}

export async function stopTelemetry(): Promise<void> {
  const sdk = running;
  running = undefined;
  await sdk?.shutdown();
}

/** Exports every finished span now (tests read exporters; services call it before exiting). */
export async function flushTelemetry(): Promise<void> {
  const provider = trace.getTracerProvider();
  const delegate = provider instanceof ProxyTracerProvider ? provider.getDelegate() : provider;
  await (delegate as { forceFlush?: () => Promise<void> }).forceFlush?.();
}

function isHealthCheck(url: string | undefined): boolean {
  return url?.startsWith('/health/') ?? false;
}
