import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './build-output';
import { loadDevSettings } from './dev-settings';
import {
  type BackendApp,
  BackendApps,
  type FlowlineApp,
  FlowlineSystem,
  parseReplicas,
} from './flowline-system';

/** The ports `npm start` uses: the same defaults as each service's own config. */
const PORTS: Record<FlowlineApp, number> = {
  gateway: 3000,
  workflows: 3001,
  catalog: 3002,
  triggers: 3003,
  orchestrator: 3004,
  'executor-webhook': 3011,
  'executor-kafka': 3012,
  'executor-upsert-entity': 3013,
  'executor-github': 3014,
};

/**
 * `npm start`: every service as its own process behind the gateway on 127.0.0.1:3000, against the
 * infrastructure `tools/infra up` started. Prints the URL and a ready-made token; Ctrl-C stops
 * everything. Logs: .flowline/logs/<app>.log.
 */
async function main(): Promise<void> {
  const stateDir = process.env['FLOWLINE_STATE_DIR'] ?? path.join(REPO_ROOT, '.flowline');
  const logDir = path.join(stateDir, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const settings = loadDevSettings(stateDir);
  const built = BackendApps.filter((app) =>
    fs.existsSync(path.join(REPO_ROOT, 'dist/apps', app, 'src/main.js')),
  );
  // The GitHub executor needs a GitHub App; without one it stays down (GitHub nodes then time out).
  const github = Boolean(process.env['GITHUB_APP_ID'] && process.env['GITHUB_APP_PRIVATE_KEY']);
  const services = built.filter((app) => app !== 'executor-github' || github);
  if (!github)
    console.log(
      'executor-github not started: set GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY to run GitHub nodes',
    );
  const commonEnv = {
    DATABASE_URL: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/flowline',
    KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
    KAFKA_TOPIC_PREFIX: process.env['KAFKA_TOPIC_PREFIX'] ?? '',
    LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'log',
    ...settings,
  };
  const env: Partial<Record<FlowlineApp, Record<string, string>>> = {
    // Local demo targets (tools/demo's sink) listen on loopback, which the SSRF policy refuses by default.
    'executor-webhook': { WEBHOOK_ALLOWED_HOSTS: process.env['WEBHOOK_ALLOWED_HOSTS'] ?? '127.0.0.1' },
  };

  console.log(
    `starting ${services.length + 1} services: gateway, ${services.join(', ')} (logs in ${logDir})`,
  );
  const system = await FlowlineSystem.start({
    services: services as BackendApp[],
    commonEnv,
    env,
    ports: PORTS,
    logDir,
    // e.g. FLOWLINE_REPLICAS=orchestrator=2,executor-webhook=2: more processes in the same consumer groups
    replicas: parseReplicas(process.env['FLOWLINE_REPLICAS']),
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping every service…`);
    await system.stop();
    console.log('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const client = await system.createClient(process.env['FLOWLINE_DEMO_ORG'] ?? 'org_demo');
  console.log(`
Flowline is up at ${system.gatewayUrl}  (OpenAPI of each service at <service>/docs)
Console: ${system.gatewayUrl}/console/  (sign in with the client below)

  org:           ${client.orgId}
  client id:     ${client.clientId}
  client secret: ${client.clientSecret}
  access token:  ${client.accessToken}

  export FLOWLINE_URL=${system.gatewayUrl} FLOWLINE_TOKEN=${client.accessToken}
  curl -H "Authorization: Bearer $FLOWLINE_TOKEN" $FLOWLINE_URL/v1/workflows
  tools/demo      # creates the "deploy with condition" workflow and runs it

Ctrl-C stops everything.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
