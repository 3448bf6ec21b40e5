import fs from 'node:fs';
import path from 'node:path';
import { type AxiosInstance } from 'axios';
import axios from 'axios';
import {
  type FlowlineInstance,
  killTestOptions,
  printKillTestReport,
  runKillTest,
  WebhookRecorder,
} from '@flowline/system-runner';
import { OtlpReceiver, RecordingSink, testInfrastructure, waitFor } from '@flowline/testing';
import { gatewayApi } from './harness/gateway-api';
import { nodeOf, waitForRun } from './harness/runs';
import { RunningSystem } from './harness/system';

const WORKFLOW = 'telemetry-flow';
const SERVICES = ['workflows', 'triggers', 'orchestrator', 'executor-webhook'] as const;

/** Every service exports spans to the in-process receiver, in batches a fifth of a second apart. */
function telemetryEnv(receiver: OtlpReceiver): Record<string, string> {
  return { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: '200' };
}

describe('one trace per run, and /metrics on every service', () => {
  let receiver: OtlpReceiver;
  let sink: RecordingSink;
  let system: RunningSystem;
  let api: AxiosInstance;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    sink = await RecordingSink.start();
    system = await RunningSystem.start({ services: [...SERVICES], commonEnv: telemetryEnv(receiver) });
    api = gatewayApi(system.gatewayUrl, (await system.createClient('org_e2e_telemetry')).accessToken);
    expect((await api.post('/v1/workflows', telemetryWorkflow(sink.baseUrl))).status).toBe(201);
  });

  afterAll(async () => {
    await system?.stop();
    await sink?.close();
    await receiver?.close();
  });

  it('trigger → condition → webhook → async PATCH → webhook is one trace through every service', async () => {
    const started = await api.post(`/v1/workflows/${WORKFLOW}/runs`, {
      inputs: { environment: 'production' },
    });
    const runId = started.data.workflowRun.identifier as string;
    const waiting = await waitForRun(api, runId, (run) =>
      run.nodeRuns.some((nodeRun) => nodeOf(nodeRun) === 'kick-off' && nodeRun.status === 'IN_PROGRESS'),
    );
    const kickOff = waiting.nodeRuns.find((nodeRun) => nodeOf(nodeRun) === 'kick-off');
    // The external system reports later, without any trace context of its own.
    const patched = await api.patch(`/v1/workflows/nodes/runs/${kickOff?.identifier}`, {
      status: 'COMPLETED',
      result: 'SUCCESS',
      output: { deploymentId: 'dep-1' },
    });
    expect(patched.status).toBe(200);
    expect((await waitForRun(api, runId)).result).toBe('SUCCESS');

    // Every span the orchestrator made for this run (the run and each node run) is in one trace.
    const runSpan = await waitFor(
      async () =>
        receiver.spans.find(
          (span) =>
            span.name === `workflow_run ${WORKFLOW}` && span.attributes['flowline.workflow_run.id'] === runId,
        ),
      { description: 'the run span' },
    );
    const traceId = runSpan.traceId;
    const ofRun = receiver.spans.filter((span) => span.attributes['flowline.workflow_run.id'] === runId);
    expect(new Set(ofRun.map((span) => span.traceId))).toEqual(new Set([traceId]));
    const nodeSpans = ofRun.filter((span) => span.attributes['flowline.node_run.id'] !== undefined);
    expect(nodeSpans.map((span) => span.name).sort()).toEqual(['after', 'kick-off', 'route', 'trigger']);

    // The trace starts at the gateway and crosses every service the run did; both dispatches (before
    // and after the PATCH) were consumed by the executor inside it, and the webhook targets received it.
    const trace = await waitFor(
      async () => {
        const spans = receiver.trace(traceId);
        const services = new Set(spans.map((span) => span.service));
        const consumed = spans.filter(
          (span) => span.service === 'executor-webhook' && span.name.endsWith(' process'),
        );
        return SERVICES.every((service) => service === 'workflows' || services.has(service)) &&
          services.has('gateway') &&
          consumed.length >= 2
          ? spans
          : undefined;
      },
      { description: `spans of trace ${traceId} from every service` },
    );
    // The executor's log lines about this run carry its trace id.
    const logLines = fs
      .readFileSync(path.join(system.logDir, 'executor-webhook.log'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{') && line.includes(runId))
      .map((line) => JSON.parse(line) as { traceId?: string });
    expect(logLines.length).toBeGreaterThanOrEqual(2);
    expect(new Set(logLines.map((line) => line.traceId))).toEqual(new Set([traceId]));
    const root = trace.find((span) => !span.parentSpanId);
    expect(root?.service).toBe('gateway');
    for (const route of ['/accepted', '/after'])
      expect(String(sink.calls(route)[0]?.headers['traceparent'])).toContain(traceId);
  });

  it('shows on each service’s /metrics the runs made', async () => {
    const before = await runCounts(system.baseUrlOf('orchestrator'));
    const ids = await Promise.all(
      [1, 2].map(async () => {
        const response = await api.post(`/v1/workflows/${WORKFLOW}/runs`, {
          inputs: { environment: 'staging' },
        });
        return response.data.workflowRun.identifier as string;
      }),
    );
    for (const id of ids) expect((await waitForRun(api, id)).result).toBe('SUCCESS');

    // The orchestrator counts every run once it committed: the earlier test's run plus these two.
    const after = await waitFor(async () => {
      const counts = await runCounts(system.baseUrlOf('orchestrator'));
      return counts.finished === before.finished + 2 ? counts : undefined;
    });
    expect(after).toEqual({ started: 3, finished: 3 });
    const orchestrator = await scrape(system.baseUrlOf('orchestrator'));
    expect(
      sample(orchestrator, 'flowline_node_run_duration_count', { flowline_node_type: 'CONDITION' }),
    ).toBe(3);
    // kick-off and after in the first run, notify in each of these two.
    expect(sample(orchestrator, 'flowline_node_run_duration_count', { flowline_node_type: 'WEBHOOK' })).toBe(
      4,
    );
    expect(sample(orchestrator, 'flowline_jq_evaluation_duration_count', {})).toBeGreaterThanOrEqual(3);
    expect(sample(orchestrator, 'flowline_outbox_backlog', {})).toBeGreaterThanOrEqual(0);

    // Each service's own view: the submissions the triggers service took, the calls the executor made.
    const triggers = await scrape(system.baseUrlOf('triggers'));
    expect(
      sample(triggers, 'http_server_request_duration_count', {
        http_request_method: 'POST',
        http_route: '/v1/workflows/:id/runs',
      }),
    ).toBe(3);
    const executor = await scrape(system.baseUrlOf('executor-webhook'));
    expect(sample(executor, 'flowline_jq_evaluation_duration_count', {})).toBeGreaterThanOrEqual(3);
    expect(sample(executor, 'messaging_kafka_consumer_lag', {})).toBe(0);
    const gateway = await scrape(system.baseUrlOf('gateway'));
    expect(
      sample(gateway, 'http_server_request_duration_count', { http_request_method: 'POST' }),
    ).toBeGreaterThanOrEqual(4);
    const workflows = await scrape(system.baseUrlOf('workflows'));
    expect(
      sample(workflows, 'http_server_request_duration_count', { http_request_method: 'POST' }),
    ).toBeGreaterThanOrEqual(1);

    // Scraped per pod: the gateway does not route /metrics to anyone.
    expect(
      (await axios.get(`${system.gatewayUrl}/v1/metrics`, { validateStatus: () => true })).status,
    ).not.toBe(200);
  });
});

describe('SIGTERM to services under load', () => {
  let receiver: OtlpReceiver;
  let sink: WebhookRecorder;
  let system: RunningSystem;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    sink = await WebhookRecorder.start({ failFirstAttemptShare: 0.1, answerDelayMs: 1_000 });
    system = await RunningSystem.start({ services: [...SERVICES], commonEnv: telemetryEnv(receiver) });
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
    await sink?.close();
    await receiver?.close();
  });

  it('loses and repeats no work, exits 0 within the grace period, and flushes its spans', async () => {
    const client = await system.createClient('org_e2e_sigterm');
    const stops: Array<{ app: FlowlineInstance; exitCode: number | null; durationMs: number }> = [];
    const lines: string[] = [];
    const result = await runKillTest(
      {
        gatewayUrl: system.gatewayUrl,
        accessToken: client.accessToken,
        topicPrefix: system.topicPrefix,
        kafkaBrokers: testInfrastructure().kafkaBrokers,
        sink,
        killApp: async (app) => {
          stops.push({ app, ...(await system.terminateApp(app)) });
        },
        restartApp: (app) => system.restartApp(app),
        stopHow: 'SIGTERM',
      },
      killTestOptions({
        runs: 60,
        kills: 4,
        seed: Number(process.env['CHAOS_SEED'] ?? Date.now() % 1_000_000),
        nodeTimeoutSeconds: 90,
        settleTimeoutMs: 120_000,
        log: (line) => lines.push(line),
      }),
    );
    printKillTestReport(result, (text) => lines.push(text));
    lines.push(...stops.map((stop) => `${stop.app}: exit ${stop.exitCode} after ${stop.durationMs} ms`));
    console.log(lines.join('\n'));

    const figures = result.figures;
    expect(figures.kills).toBe(4);
    expect(figures.minRunsInFlightAtKill).toBeGreaterThan(0);
    expect(figures.runsTerminal).toBe(figures.runsSubmitted);
    expect(figures.stuck).toBe(0);
    expect(figures.startedTwice).toBe(0);
    expect(figures.nodesStartedTwice).toBe(0);
    expect(figures.deliveriesWithConflictingKeys).toBe(0);
    expect(figures.terminalStatusChanges).toBe(0);
    expect(figures.nodeTerminalStatusChanges).toBe(0);
    expect(result.violations).toEqual([]);
    // Kubernetes' default grace period is 30 s; the consumer hands back what it cannot finish in 15 s.
    for (const stop of stops) {
      expect(stop.exitCode).toBe(0);
      expect(stop.durationMs).toBeLessThan(30_000);
    }
    // Every run's span reached the collector exactly once, also those that ended just before a SIGTERM.
    const runSpans = await waitFor(
      async () => {
        const spans = receiver.spans.filter((span) => span.name === `workflow_run ${result.workflow}`);
        return spans.length >= figures.runsTerminal ? spans : undefined;
      },
      { timeoutMs: 20_000, description: 'a span for every run' },
    );
    const runIds = runSpans.map((span) => span.attributes['flowline.workflow_run.id']);
    expect(runIds).toHaveLength(figures.runsTerminal);
    expect(new Set(runIds).size).toBe(figures.runsTerminal);
  }, 300_000);
});

function telemetryWorkflow(sinkUrl: string): Record<string, unknown> {
  const webhook = (path: string, synchronized = true) => ({
    type: 'WEBHOOK',
    url: `${sinkUrl}${path}`,
    method: 'POST',
    body: { environment: '{{ .outputs.trigger.environment }}' },
    synchronized,
  });
  return {
    identifier: WORKFLOW,
    title: WORKFLOW,
    nodes: [
      {
        identifier: 'trigger',
        config: {
          type: 'SELF_SERVE_TRIGGER',
          userInputs: {
            properties: { environment: { type: 'string', enum: ['staging', 'production'] } },
            required: ['environment'],
          },
        },
      },
      {
        identifier: 'route',
        config: {
          type: 'CONDITION',
          options: [
            { identifier: 'production', expression: '.outputs.trigger.environment == "production"' },
            { identifier: 'staging', expression: '.outputs.trigger.environment != "production"' },
          ],
        },
      },
      { identifier: 'kick-off', config: webhook('/accepted', false) },
      { identifier: 'after', config: webhook('/after') },
      { identifier: 'notify', config: webhook('/notify') },
    ],
    connections: [
      { sourceIdentifier: 'trigger', targetIdentifier: 'route' },
      { sourceIdentifier: 'route', targetIdentifier: 'kick-off', sourceOptionIdentifier: 'production' },
      { sourceIdentifier: 'route', targetIdentifier: 'notify', sourceOptionIdentifier: 'staging' },
      { sourceIdentifier: 'kick-off', targetIdentifier: 'after' },
    ],
  };
}

async function scrape(baseUrl: string): Promise<string> {
  const response = await axios.get<string>(`${baseUrl}/metrics`, { responseType: 'text' });
  expect(response.status).toBe(200);
  return response.data;
}

/** The sum of a metric's samples whose labels include `labels` (Prometheus text format). */
function sample(text: string, name: string, labels: Record<string, string>): number {
  let sum = 0;
  let found = false;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) {
      sum += Number(match[3]);
      found = true;
    }
  }
  if (!found) throw new Error(`no ${name} sample with ${JSON.stringify(labels)} in:\n${text}`);
  return sum;
}

async function runCounts(orchestratorUrl: string): Promise<{ started: number; finished: number }> {
  const text = await scrape(orchestratorUrl);
  const count = (name: string) => {
    try {
      return sample(text, name, { flowline_workflow_id: WORKFLOW });
    } catch {
      return 0;
    }
  };
  return {
    started: count('flowline_workflow_runs_started_total'),
    finished: count('flowline_workflow_runs_finished_total'),
  };
}
