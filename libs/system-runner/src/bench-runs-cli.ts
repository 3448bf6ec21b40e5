// First: kafkajs's fixes must be in place before the bench's Kafka client is created.
import '@flowline/kafkajs-fixes';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { RUN_EVENT_TYPE_HEADER } from '@flowline/contracts';
import { Client } from 'pg';
import { PhaseMetrics } from './bench-metrics';
import { JsonClient } from './json-client';
import { REPO_ROOT } from './build-output';
import { FlowlineSystem } from './flowline-system';
import { ProcessCpu } from './process-cpu';

/**
 * tools/bench/runs: runs/s and latency (request sent → run COMPLETED, seen on the run-events topic) of a
 * trigger → condition → webhook workflow, at a fixed request rate and at saturation, with every service a
 * separate process on this machine. Prints figures; asserts nothing. Each phase also prints what the
 * services' `/metrics` counted (scraped before and after it) and whether their run counts match its own.
 *
 *   tools/bench/runs [--rate=20] [--seconds=20] [--saturation-runs=500] [--concurrency=64]
 */
interface Options {
  rate: number;
  seconds: number;
  saturationRuns: number;
  concurrency: number;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const runTag = randomBytes(3).toString('hex');
  const prefix = `bench.${runTag}.`;
  const logDir = path.join(REPO_ROOT, 'tmp', 'bench', runTag);
  fs.mkdirSync(logDir, { recursive: true });
  const commonEnv = {
    DATABASE_URL: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/flowline',
    KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
    KAFKA_TOPIC_PREFIX: prefix,
    AUTH_JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
  };
  const services = ['workflows', 'triggers', 'orchestrator', 'executor-webhook'] as const;
  const env: Record<string, Record<string, string>> = {
    workflows: { SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('base64') },
    'executor-webhook': {
      WEBHOOK_SIGNING_SECRET: randomBytes(32).toString('hex'),
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    },
  };
  for (const app of [...services, 'gateway'])
    env[app] = { ...env[app], DATABASE_SCHEMA: `bench_${runTag}_${app.replace(/-/g, '_')}` };

  const sink = await startSink();
  console.log(`starting ${services.join(', ')} and the gateway (logs in ${logDir})…`);
  const system = await FlowlineSystem.start({ services, commonEnv, env, logDir });
  const completions = await watchCompletions(commonEnv.KAFKA_BROKERS.split(','), prefix);
  try {
    const client = await system.createClient('org_bench');
    const api = new JsonClient(system.gatewayUrl, client.accessToken);
    const created = await api.post('/v1/workflows', benchWorkflow(sink.url));
    if (created.status !== 201)
      throw new Error(`creating the bench workflow: ${JSON.stringify(created.data)}`);

    const mismatched: string[] = [];
    const phase = async (label: string, phaseOptions: Options, mode: Mode) => {
      const metrics = await PhaseMetrics.begin(system);
      const row = await measure(label, api, completions, phaseOptions, mode);
      const counted = { accepted: Number(row['accepted']), completed: Number(row['runs']) };
      if (!(await metrics.end(label, counted))) mismatched.push(label);
      return row;
    };
    await phase('warm-up', { ...options, rate: 5, seconds: 3 }, 'rate');
    const cpu = new ProcessCpu(system);
    const fixed = await phase(`fixed rate ${options.rate}/s`, options, 'rate');
    const saturationCpu = new ProcessCpu(system);
    const fixedCpu = cpu.perRun(Number(fixed['runs']), 'fixed rate');
    const saturation = await phase(`saturation (${options.concurrency} in flight)`, options, 'saturation');
    const rows = [fixed, saturation];
    console.log(`\nmachine: ${os.cpus().length} cores; all services, Kafka and PostgreSQL on it`);
    console.table(rows);
    const runs = rows.reduce((sum, row) => sum + Number(row['runs']), 0);
    // At a fixed rate a run also pays for the idle time between runs (polls, heartbeats, timers); at
    // saturation nothing is idle, and the figure is what caps runs/s.
    console.log(`\nCPU time per run of each process (ms; by phase, and over both, ${runs} runs):`);
    console.table({
      ...fixedCpu,
      ...saturationCpu.perRun(Number(saturation['runs']), 'saturation'),
      ...cpu.perRun(runs, 'both'),
    });
    console.log(
      mismatched.length === 0
        ? '\n/metrics: the run counts match the bench in every phase'
        : `\n/metrics: the run counts DO NOT MATCH the bench in: ${mismatched.join(', ')}`,
    );
  } finally {
    await completions.stop();
    await system.stop();
    sink.server.close();
    await dropBenchData(commonEnv.DATABASE_URL, runTag, commonEnv.KAFKA_BROKERS.split(','), prefix);
  }
}

type Mode = 'rate' | 'saturation';

async function measure(
  label: string,
  api: JsonClient,
  completions: Completions,
  options: Options,
  mode: Mode,
): Promise<Record<string, string | number>> {
  const sentAt = new Map<string, number>();
  const answeredAt = new Map<string, number>();
  let refused = 0;
  const start = async (): Promise<void> => {
    const sent = performance.now();
    const response = await api.post('/v1/workflows/bench-deploy/runs', {
      inputs: { environment: 'production' },
    });
    const answered = performance.now();
    // 202: accepted, not confirmed within RUN_CREATION_WAIT_MS; the run follows, so it is waited for too.
    if (response.status !== 201 && response.status !== 202) {
      refused += 1;
      return;
    }
    const runId = (response.data as { workflowRun: { identifier: string } }).workflowRun.identifier;
    sentAt.set(runId, sent);
    answeredAt.set(runId, answered);
  };
  const began = performance.now();
  if (mode === 'rate') {
    const total = options.rate * options.seconds;
    const pending: Promise<void>[] = [];
    for (let i = 0; i < total; i += 1) {
      const due = began + (i * 1000) / options.rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      pending.push(start());
    }
    await Promise.all(pending);
  } else {
    let left = options.saturationRuns;
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (left > 0) {
          left -= 1;
          await start();
        }
      }),
    );
  }
  const latencies = await completions.latenciesOf(sentAt, 120_000);
  const seconds = (Math.max(...latencies.map((l) => l.completedAt)) - began) / 1000;
  const sorted = latencies.map((l) => l.ms).sort((a, b) => a - b);
  const pct = (p: number) => percentile(sorted, p);
  if (mode === 'rate') printWindows(latencies, answeredAt, began, options.seconds);
  else printThroughput(latencies, began);
  const row = {
    scenario: label,
    accepted: sentAt.size,
    runs: sorted.length,
    refused,
    'runs/s': Number((sorted.length / seconds).toFixed(1)),
    'p50 ms': pct(50),
    'p95 ms': pct(95),
    'p99 ms': pct(99),
    'max ms': Math.round(sorted[sorted.length - 1]),
  };
  console.log(JSON.stringify(row));
  return row;
}

function percentile(sorted: number[], p: number): number {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);
}

/**
 * Latency by when the request was sent, in windows of a quarter of the phase: a tail at the start only is
 * warm-up (just-started processes), a tail spread over the phase is the steady state. Also how long the
 * 201 took, the part of the latency spent before the run was confirmed.
 */
function printWindows(
  latencies: Latency[],
  answeredAt: Map<string, number>,
  began: number,
  seconds: number,
): void {
  const width = (seconds * 1000) / 4;
  const rows = [0, 1, 2, 3].map((w) => {
    const inWindow = latencies.filter(
      (l) => l.sentAt - began >= w * width && (w === 3 || l.sentAt - began < (w + 1) * width),
    );
    const total = inWindow.map((l) => l.ms).sort((a, b) => a - b);
    const created = inWindow
      .map((l) => (answeredAt.get(l.runId) ?? l.sentAt) - l.sentAt)
      .sort((a, b) => a - b);
    return {
      'sent in (s)': `${((w * width) / 1000).toFixed(0)}–${(((w + 1) * width) / 1000).toFixed(0)}`,
      runs: total.length,
      'p50 ms': percentile(total, 50),
      'p99 ms': percentile(total, 99),
      'max ms': Math.round(total[total.length - 1] ?? 0),
      '201 p50 ms': percentile(created, 50),
      '201 p99 ms': percentile(created, 99),
    };
  });
  console.table(rows);
}

/** Saturation: runs completed in each quarter of the phase, and their rate (a ramp shows at the start). */
function printThroughput(latencies: Latency[], began: number): void {
  const end = Math.max(...latencies.map((l) => l.completedAt));
  const width = (end - began) / 4;
  const rows = [0, 1, 2, 3].map((w) => {
    const runs = latencies.filter(
      (l) => l.completedAt - began >= w * width && (w === 3 || l.completedAt - began < (w + 1) * width),
    ).length;
    return {
      'completed in (s)': `${((w * width) / 1000).toFixed(1)}–${(((w + 1) * width) / 1000).toFixed(1)}`,
      runs,
      'runs/s': Number(((runs * 1000) / width).toFixed(1)),
    };
  });
  console.table(rows);
}

interface Latency {
  runId: string;
  sentAt: number;
  ms: number;
  completedAt: number;
}

interface Completions {
  latenciesOf(sentAt: Map<string, number>, timeoutMs: number): Promise<Latency[]>;
  stop(): Promise<void>;
}

/** Reads run events and remembers when each run was seen COMPLETED. */
async function watchCompletions(brokers: string[], prefix: string): Promise<Completions> {
  const completedAt = new Map<string, number>();
  const kafka = new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const topic = `${prefix}flowline.runs.events.v1`;
  await admin
    .createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true })
    .catch(() => false);
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId: `bench-${randomBytes(4).toString('hex')}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  // The load driver shares the machine with the system: it reads only run-level events (by their type
  // header) and parses nothing else; offsets are never committed (the group is used once).
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) {
        if (String(message.headers?.[RUN_EVENT_TYPE_HEADER]) !== 'WORKFLOW_RUN_STATUS_CHANGED') continue;
        const event = JSON.parse(message.value?.toString() ?? '{}') as { runId?: string; status?: string };
        if (event.status === 'COMPLETED' && event.runId && !completedAt.has(event.runId))
          completedAt.set(event.runId, performance.now());
      }
    },
  });
  return {
    async latenciesOf(sentAt, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while ([...sentAt.keys()].some((id) => !completedAt.has(id)) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return [...sentAt].flatMap(([id, sent]) => {
        const done = completedAt.get(id);
        return done === undefined ? [] : [{ runId: id, sentAt: sent, ms: done - sent, completedAt: done }];
      });
    },
    stop: () => consumer.disconnect(),
  };
}

function benchWorkflow(sinkUrl: string): Record<string, unknown> {
  return {
    identifier: 'bench-deploy',
    title: 'bench',
    nodes: [
      {
        identifier: 'trigger',
        config: {
          type: 'SELF_SERVE_TRIGGER',
          userInputs: { properties: { environment: { type: 'string' } }, required: [] },
        },
      },
      {
        identifier: 'check-env',
        config: {
          type: 'CONDITION',
          options: [{ identifier: 'production', expression: '.outputs.trigger.environment == "production"' }],
        },
      },
      {
        identifier: 'deploy',
        config: {
          type: 'WEBHOOK',
          url: `${sinkUrl}/deploy`,
          method: 'POST',
          body: { run: '{{ .workflowRun.identifier }}' },
          synchronized: true,
        },
      },
    ],
    connections: [
      { sourceIdentifier: 'trigger', targetIdentifier: 'check-env' },
      { sourceIdentifier: 'check-env', targetIdentifier: 'deploy', sourceOptionIdentifier: 'production' },
    ],
  };
}

async function startSink(): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

async function dropBenchData(
  databaseUrl: string,
  runTag: string,
  brokers: string[],
  prefix: string,
): Promise<void> {
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  const { rows } = await pg.query<{ name: string }>(
    `select schema_name as name from information_schema.schemata where schema_name like $1`,
    [`bench\\_${runTag}\\_%`],
  );
  for (const { name } of rows) await pg.query(`drop schema if exists "${name}" cascade`);
  await pg.end();
  const admin = new Kafka({ clientId: 'bench-cleanup', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
  if (topics.length > 0) await admin.deleteTopics({ topics });
  await admin.disconnect();
}

function parseOptions(args: string[]): Options {
  const given = Object.fromEntries(
    args.map((arg) => {
      const [key, value] = arg.replace(/^--/, '').split('=');
      return [key, Number(value)];
    }),
  );
  return {
    rate: given['rate'] || 20,
    seconds: given['seconds'] || 20,
    saturationRuns: given['saturation-runs'] || 500,
    concurrency: given['concurrency'] || 64,
  };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
