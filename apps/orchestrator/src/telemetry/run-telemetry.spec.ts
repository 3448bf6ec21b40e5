import { metrics as metricsApi, propagation } from '@opentelemetry/api';
import { core, metrics, node, tracing } from '@opentelemetry/sdk-node';
import { edge, EngineHarness, webhook, workflow } from '../engine/__tests__/engine-harness';
import type { Transition } from '../engine/run-effects';
import { RunTelemetry } from './run-telemetry';

const RUN_TRACE = '0af7651916cd43dd8448eb211c80319c';
const KEPT = `00-${RUN_TRACE}-b7ad6b7169203331-01`;

describe('RunTelemetry', () => {
  const spans = new tracing.InMemorySpanExporter();
  const exported = new metrics.InMemoryMetricExporter(metrics.AggregationTemporality.CUMULATIVE);
  const reader = new metrics.PeriodicExportingMetricReader({
    exporter: exported,
    exportIntervalMillis: 60_000,
  });
  const h = new EngineHarness();
  let telemetry: RunTelemetry;

  beforeAll(() => {
    new node.NodeTracerProvider({ spanProcessors: [new tracing.SimpleSpanProcessor(spans)] }).register();
    propagation.setGlobalPropagator(new core.W3CTraceContextPropagator());
    metricsApi.setGlobalMeterProvider(new metrics.MeterProvider({ readers: [reader] }));
    telemetry = new RunTelemetry();
  });
  afterAll(() => h.close());

  const record = (transition: Transition) =>
    telemetry.recordCommitted([
      { transition: transition as Transition & { applied: true }, traceParent: KEPT },
    ]);

  it('counts the run, times each node run by type, and gives each a span named after its node in the run’s trace', async () => {
    const linear = workflow(
      [webhook('first'), webhook('second')],
      [edge('trigger', 'first'), edge('first', 'second')],
    );
    record(await h.start(linear, { env: 'production' }));
    record(await h.report('first', { status: 'COMPLETED', result: 'SUCCESS' }));
    record(await h.report('second', { status: 'COMPLETED', result: 'SUCCESS' }));

    const finished = spans.getFinishedSpans();
    expect(finished.map((span) => span.name).sort()).toEqual([
      'first',
      'second',
      'trigger',
      'workflow_run deploy',
    ]);
    for (const span of finished) {
      expect(span.spanContext().traceId).toBe(RUN_TRACE);
      expect(span.attributes['flowline.workflow_run.id']).toBe(h.state.identifier);
    }
    expect(finished.find((span) => span.name === 'first')?.attributes).toMatchObject({
      'flowline.node.type': 'WEBHOOK',
      'flowline.node_run.id': h.nodeRun('first').identifier,
      'flowline.node_run.result': 'SUCCESS',
    });

    await reader.forceFlush();
    const points = (name: string) =>
      exported
        .getMetrics()
        .at(-1)
        ?.scopeMetrics.flatMap((scope) => scope.metrics)
        .find((metric) => metric.descriptor.name === name)?.dataPoints ?? [];
    expect(points('flowline.workflow_runs.started').map((point) => [point.attributes, point.value])).toEqual([
      [{ 'flowline.org.id': h.state.orgId, 'flowline.workflow.id': 'deploy' }, 1],
    ]);
    expect(
      points('flowline.workflow_runs.finished').map(
        (point) => point.attributes['flowline.workflow_run.result'],
      ),
    ).toEqual(['SUCCESS']);
    const webhooks = points('flowline.node_run.duration').find(
      (point) => point.attributes['flowline.node.type'] === 'WEBHOOK',
    );
    expect((webhooks?.value as { count: number }).count).toBe(2);
  });
});
