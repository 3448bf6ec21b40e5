// First: kafkajs's fixes must be in place before the chaos driver's Kafka client is created.
import '@flowline/kafkajs-fixes';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { REPO_ROOT } from './build-output';
import { type FlowlineApp, type FlowlineInstance, FlowlineSystem } from './flowline-system';
import { killTestOptions, type KillTestOptions, runKillTest } from './chaos/kill-test';
import { printKillTestReport } from './chaos/kill-test-report';
import { WebhookRecorder } from './chaos/webhook-sink';

/**
 * tools/chaos: the kill test. Every service runs as its own process on its own schemas and topic prefix;
 * while runs are submitted, the orchestrator and the webhook executor (by default) are killed with
 * SIGKILL at random moments and restarted; then the invariants are checked and the figures printed.
 * `--signal=SIGTERM` stops them gracefully instead (as Kubernetes does), and also fails when a service
 * did not exit 0. Exits 1 when an invariant broke. Everything it created (processes, schemas, topics) is removed.
 *
 *   tools/chaos/run [--runs=1000] [--kills=10] [--seed=N] [--concurrency=64] [--replicas=2]
 *                   [--targets=orchestrator,executor-webhook,triggers] [--node-timeout=300]
 *                   [--signal=SIGKILL|SIGTERM]
 *
 * `--replicas=N` runs N replicas each of the orchestrator and the webhook executor (in one consumer group
 * each) and kills them all in turn (`orchestrator`, `orchestrator#2`, …) unless `--targets` says otherwise.
 */
const SERVICES = ['workflows', 'triggers', 'orchestrator', 'executor-webhook'] as const;

async function main(): Promise<void> {
  const { options, replicas, signal } = parseOptions(process.argv.slice(2));
  const tag = randomBytes(3).toString('hex');
  const prefix = `chaos.${tag}.`;
  const logDir = path.join(REPO_ROOT, 'tmp', 'chaos', tag);
  fs.mkdirSync(logDir, { recursive: true });
  const commonEnv = {
    DATABASE_URL: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/flowline',
    KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
    KAFKA_TOPIC_PREFIX: prefix,
    AUTH_JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'log',
  };
  const env: Partial<Record<FlowlineApp, Record<string, string>>> = {
    // One client submits and reads every run: the default limit (1,000 requests a minute) would throttle it.
    gateway: { RATE_LIMIT_PER_MINUTE: '1000000' },
    workflows: { SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('base64') },
    'executor-webhook': {
      WEBHOOK_SIGNING_SECRET: randomBytes(32).toString('hex'),
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    },
  };
  for (const app of [...SERVICES, 'gateway'] as const)
    env[app] = { ...env[app], DATABASE_SCHEMA: `chaos_${tag}_${app.replace(/-/g, '_')}` };
  const brokers = commonEnv.KAFKA_BROKERS.split(',');

  const sink = await WebhookRecorder.start({ failFirstAttemptShare: 0.05, answerDelayMs: 250 });
  let system: FlowlineSystem | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      await system?.stop();
      await sink.close();
      await dropChaosData(commonEnv.DATABASE_URL, tag, brokers, prefix);
      console.log(`cleaned up: processes stopped, schemas chaos_${tag}_* and topics ${prefix}* dropped`);
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.log(`\n${signal}: cleaning up…`);
      void cleanUp().finally(() => process.exit(130));
    });
  }

  let failed = true;
  try {
    console.log(`starting ${SERVICES.join(', ')} and the gateway (logs in ${logDir})…`);
    const running = await startWithRetries(() =>
      FlowlineSystem.start({
        services: SERVICES,
        commonEnv,
        env,
        logDir,
        replicas: { orchestrator: replicas, 'executor-webhook': replicas },
      }),
    );
    system = running;
    let unclean = 0;
    const terminate = async (app: FlowlineInstance) => {
      const ended = await running.terminateApp(app);
      if (ended.exitCode !== 0) unclean += 1;
      console.log(`${app}: SIGTERM, exit ${ended.exitCode ?? ended.signal} after ${ended.durationMs} ms`);
    };
    const client = await running.createClient('org_chaos');
    const result = await runKillTest(
      {
        gatewayUrl: running.gatewayUrl,
        accessToken: client.accessToken,
        topicPrefix: prefix,
        kafkaBrokers: brokers,
        sink,
        killApp: (app) => (signal === 'SIGTERM' ? terminate(app) : running.killApp(app)),
        stopHow: signal === 'SIGTERM' ? 'SIGTERM' : 'kill -9',
        restartApp: (app) => running.startApp(app),
      },
      options,
    );
    printKillTestReport(result);
    failed = result.violations.length > 0 || unclean > 0;
  } finally {
    await cleanUp();
  }
  process.exit(failed ? 1 : 0);
}

/**
 * A service's boot can fail on a shared broker when another installation creates or deletes topics at
 * that moment (kafkajs fails a whole metadata answer for one topic's error; see the report of the kill
 * test): a failed start is tried again, twice at most.
 */
async function startWithRetries(start: () => Promise<FlowlineSystem>): Promise<FlowlineSystem> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await start();
    } catch (error) {
      if (attempt >= 3) throw error;
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      console.log(`start failed (${reason}); trying again`);
    }
  }
}

async function dropChaosData(
  databaseUrl: string,
  tag: string,
  brokers: string[],
  prefix: string,
): Promise<void> {
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ name: string }>(
      `select schema_name as name from information_schema.schemata where schema_name like $1`,
      [`chaos\\_${tag}\\_%`],
    );
    for (const { name } of rows) await pg.query(`drop schema if exists "${name}" cascade`);
  } finally {
    await pg.end();
  }
  const admin = new Kafka({ clientId: 'chaos-cleanup', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 10_000 });
    // The services' consumer groups are named after the prefix too (`<prefix><service>`). A group keeps a
    // member that did not leave (a killed or slow-to-stop process) until its session expires, and a
    // group with members cannot be deleted: try again until then.
    const deadline = Date.now() + 45_000;
    for (;;) {
      const { groups } = await admin.listGroups();
      const ours = groups.map((group) => group.groupId).filter((groupId) => groupId.startsWith(prefix));
      if (ours.length === 0) break;
      const failed = await admin.deleteGroups(ours).then(
        () => false,
        () => true,
      );
      if (!failed) break;
      if (Date.now() > deadline) {
        console.log(`consumer groups ${ours.join(', ')} could not be deleted (members left)`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    }
  } finally {
    await admin.disconnect();
  }
}

/** The kill targets by default: every replica of the orchestrator and of the webhook executor. */
function defaultTargets(replicas: number): FlowlineInstance[] {
  const replicasOf = (app: FlowlineApp): FlowlineInstance[] =>
    Array.from({ length: replicas }, (_, i): FlowlineInstance => (i === 0 ? app : `${app}#${i + 1}`));
  return [...replicasOf('orchestrator'), ...replicasOf('executor-webhook')];
}

function parseOptions(args: string[]): {
  options: KillTestOptions;
  replicas: number;
  signal: 'SIGKILL' | 'SIGTERM';
} {
  const given = new Map(
    args.map((arg) => {
      const [key, value = ''] = arg.replace(/^--/, '').split('=');
      return [key, value] as const;
    }),
  );
  const known = [
    'runs',
    'kills',
    'seed',
    'concurrency',
    'targets',
    'node-timeout',
    'resubmissions',
    'replicas',
    'signal',
  ];
  const unknown = [...given.keys()].filter((key) => !known.includes(key));
  if (unknown.length > 0)
    throw new Error(`unknown options: ${unknown.join(', ')} (known: ${known.join(', ')})`);
  const number = (key: string) => (given.has(key) ? Number(given.get(key)) : undefined);
  const runs = number('runs') ?? 1000;
  const kills = number('kills') ?? 10;
  const replicas = number('replicas') ?? 1;
  const signal = given.get('signal') ?? 'SIGKILL';
  if (signal !== 'SIGKILL' && signal !== 'SIGTERM') throw new Error('--signal must be SIGKILL or SIGTERM');
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > 4)
    throw new Error('--replicas must be 1 to 4 (of the orchestrator and of executor-webhook)');
  const targets =
    (given.get('targets')?.split(',') as FlowlineInstance[] | undefined) ??
    (replicas > 1 ? defaultTargets(replicas) : undefined);
  const defined = <T extends object>(value: T) =>
    Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
  const options = killTestOptions({
    runs,
    kills,
    ...defined({
      seed: number('seed'),
      concurrency: number('concurrency'),
      targets,
      nodeTimeoutSeconds: number('node-timeout'),
      resubmissions: number('resubmissions'),
    }),
  });
  return { options, replicas, signal };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
