import { execFileSync } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import axios from 'axios';
import { REPO_ROOT } from './build-output';
import { deployWithConditionWorkflow, prepareDeployCatalog } from './deploy-with-condition';
import { loadDevSettings } from './dev-settings';

/**
 * `tools/demo`: against a system started with `npm start`, creates the reference's "deploy with
 * condition" workflow (its webhooks call a sink this demo serves on loopback), runs it through the
 * gateway and prints what the sink received and the run as the API returns it. The sink listens on
 * DEMO_SINK_HOST (default 127.0.0.1): a system in containers reaches it at the container network's
 * gateway address (tools/compose-check).
 */
async function main(): Promise<void> {
  const gateway = process.env['FLOWLINE_URL'] ?? 'http://127.0.0.1:3000';
  const token = process.env['FLOWLINE_TOKEN'] ?? createToken();
  const api = axios.create({
    baseURL: gateway,
    headers: { authorization: `Bearer ${token}` },
    validateStatus: () => true,
  });
  const sink = await startSink();
  try {
    await prepareDeployCatalog(api);
    await api.put('/v1/secrets/deploy-token', { value: 'demo-deploy-token' });
    const workflow = deployWithConditionWorkflow(sink.url, `deploy-service-${Date.now().toString(36)}`);
    const created = await api.post('/v1/workflows', workflow);
    if (created.status !== 201) throw new Error(`creating the workflow: ${JSON.stringify(created.data)}`);
    console.log(`created workflow ${workflow['identifier']}`);

    const inputs = { service: 'checkout', version: '1.4.2', environment: process.argv[2] ?? 'production' };
    const started = await api.post(`/v1/workflows/${workflow['identifier']}/runs`, { inputs });
    if (started.status >= 300) throw new Error(`starting the run: ${JSON.stringify(started.data)}`);
    const runId = started.data.workflowRun.identifier as string;
    console.log(`started run ${runId} with ${JSON.stringify(inputs)}`);

    const run = await waitForCompletion(api, runId);
    console.log(`\nthe sink received:`);
    for (const request of sink.received) console.log(`  ${request.method} ${request.url} ${request.body}`);
    console.log(`\nrun ${runId}: ${run.status}/${run.result}`);
    for (const nodeRun of run.nodeRuns ?? []) {
      console.log(`  ${nodeRun.node?.identifier ?? nodeRun.nodeTitle}: ${nodeRun.status}/${nodeRun.result}`);
    }
    console.log(`variables.outputs: ${JSON.stringify(run.variables?.outputs, null, 2)}`);
  } finally {
    sink.server.close();
  }
}

function createToken(): string {
  const settings = loadDevSettings(process.env['FLOWLINE_STATE_DIR'] ?? path.join(REPO_ROOT, '.flowline'));
  const output = execFileSync('tools/create-client', ['--org', 'org_demo'], {
    cwd: REPO_ROOT,
    env: { ...process.env, AUTH_JWT_SECRET: settings['AUTH_JWT_SECRET'] },
    encoding: 'utf8',
  });
  return (JSON.parse(output) as { accessToken: string }).accessToken;
}

interface SinkRequest {
  method: string;
  url: string;
  body: string;
}

async function startSink(): Promise<{ url: string; server: http.Server; received: SinkRequest[] }> {
  const received: SinkRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ deploymentId: `dep-${received.length}` }));
    });
  });
  const host = process.env['DEMO_SINK_HOST'] ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://${host}:${port}`, server, received };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function waitForCompletion(api: ReturnType<typeof axios.create>, runId: string): Promise<any> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const response = await api.get(`/v1/workflows/runs/${runId}`);
    if (response.status === 200 && response.data.workflowRun.status === 'COMPLETED')
      return response.data.workflowRun;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`run ${runId} did not complete within 60 s`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
