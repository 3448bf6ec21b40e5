import { type AxiosInstance } from 'axios';
import { RecordingSink, waitFor } from '@flowline/testing';
import { gatewayApi } from './harness/gateway-api';
import { nodeOf, type RunView, waitForRun } from './harness/runs';
import { RunningSystem } from './harness/system';

/** Retries, cancel, re-run and retry-from-failed, end to end against a real webhook sink. */
describe('run control through the whole system', () => {
  let system: RunningSystem;
  let sink: RecordingSink;
  let api: AxiosInstance;

  beforeAll(async () => {
    sink = await RecordingSink.start();
    system = await RunningSystem.start({
      services: ['workflows', 'triggers', 'orchestrator', 'executor-webhook'],
    });
    api = gatewayApi(system.gatewayUrl, (await system.createClient('org_e2e_control')).accessToken);
  });

  afterAll(async () => {
    await system?.stop();
    await sink?.close();
  });

  async function run(workflow: Record<string, unknown>): Promise<string> {
    expect((await api.post('/v1/workflows', workflow)).status).toBe(201);
    const started = await api.post(`/v1/workflows/${workflow['identifier']}/runs`, { inputs: {} });
    expect(started.status).toBe(201);
    return started.data.workflowRun.identifier as string;
  }

  const nodeRun = (view: RunView, node: string) =>
    view.nodeRuns.find((candidate) => nodeOf(candidate) === node);
  const retry = { maxAttempts: 3, initialIntervalMs: 100, backoffRate: 1, jitter: false };

  it('retries a webhook that fails twice: one SUCCESS node run, three attempts, one key per attempt', async () => {
    const runId = await run(chain('flaky', [{ id: 'call', url: `${sink.baseUrl}/flaky/a/2`, retry }]));
    const done = await waitForRun(api, runId);
    expect(done.result).toBe('SUCCESS');
    const call = nodeRun(done, 'call') as unknown as {
      identifier: string;
      result: string;
      attempts: unknown[];
    };
    expect(call.result).toBe('SUCCESS');
    expect(call.attempts).toHaveLength(3);
    const keys = sink.calls('/flaky/a/2').map((request) => request.headers['idempotency-key']);
    expect(keys).toEqual([1, 2, 3].map((attempt) => `${call.identifier}:${attempt}`));
  });

  it('does not retry a 400', async () => {
    const runId = await run(chain('bad-request', [{ id: 'call', url: `${sink.baseUrl}/bad`, retry }]));
    const done = await waitForRun(api, runId);
    expect(done.result).toBe('FAILED');
    expect((nodeRun(done, 'call') as unknown as { attempts: unknown[] }).attempts).toHaveLength(1);
    expect(sink.calls('/bad').filter((r) => r.headers['x-flowline-run-id'] === runId)).toHaveLength(1);
  });

  it('cancels gracefully: the running node finishes, the next one never starts', async () => {
    const runId = await run(
      chain('graceful', [
        { id: 'wait', url: `${sink.baseUrl}/accepted`, async: true },
        { id: 'next', url: `${sink.baseUrl}/after-graceful` },
      ]),
    );
    const waiting = await waitForRun(api, runId, (view) => nodeRun(view, 'wait')?.status === 'IN_PROGRESS');
    expect((await api.post(`/v1/workflows/runs/${runId}/cancel`)).status).toBe(200);
    const patched = await api.patch(`/v1/workflows/nodes/runs/${nodeRun(waiting, 'wait')?.identifier}`, {
      status: 'COMPLETED',
      result: 'SUCCESS',
    });
    expect(patched.status).toBe(200);
    const done = await waitForRun(api, runId);
    expect(done).toMatchObject({ status: 'COMPLETED', result: 'CANCELLED' });
    expect(nodeRun(done, 'wait')?.result).toBe('SUCCESS');
    expect(nodeRun(done, 'next')).toBeUndefined();
    expect(sink.calls('/after-graceful')).toHaveLength(0);
  });

  it('cancels with force: the running node is cancelled now and a late report changes nothing', async () => {
    const runId = await run(chain('forced', [{ id: 'wait', url: `${sink.baseUrl}/accepted`, async: true }]));
    const waiting = await waitForRun(api, runId, (view) => nodeRun(view, 'wait')?.status === 'IN_PROGRESS');
    expect((await api.post(`/v1/workflows/runs/${runId}/cancel?force=true`)).status).toBe(200);
    const done = await waitForRun(api, runId);
    expect(done).toMatchObject({ status: 'COMPLETED', result: 'CANCELLED' });
    expect(nodeRun(done, 'wait')?.result).toBe('CANCELLED');
    const late = await api.patch(`/v1/workflows/nodes/runs/${nodeRun(waiting, 'wait')?.identifier}`, {
      status: 'COMPLETED',
      result: 'SUCCESS',
    });
    expect(late.status).toBe(422);
    expect((await waitForRun(api, runId)).result).toBe('CANCELLED');
  });

  it('re-runs from the trigger, and retries a failed run from its failed node reusing what succeeded', async () => {
    sink.failing.add('deploy');
    const runId = await run(
      chain('retry-from-failed', [
        { id: 'build', url: `${sink.baseUrl}/switch/build` },
        { id: 'deploy', url: `${sink.baseUrl}/switch/deploy` },
      ]),
    );
    expect((await waitForRun(api, runId)).result).toBe('FAILED');
    expect(sink.calls('/switch/build')).toHaveLength(1);

    sink.failing.delete('deploy');
    const retried = await api.post(`/v1/workflows/runs/${runId}/retry`);
    expect(retried.status).toBe(201);
    const retryRun = await waitForRun(api, retried.data.workflowRun.identifier);
    expect(retryRun).toMatchObject({ result: 'SUCCESS', retryOf: runId });
    // The build node's output was reused: the sink saw no second build call.
    expect(sink.calls('/switch/build')).toHaveLength(1);
    expect(sink.calls('/switch/deploy')).toHaveLength(2);
    expect(retryRun.variables.outputs['build']).toMatchObject({ response: { status: 200 } });

    const rerun = await api.post(`/v1/workflows/runs/${runId}/rerun`, {});
    expect(rerun.status).toBe(201);
    const rerunRun = await waitForRun(api, rerun.data.workflowRun.identifier);
    expect(rerunRun).toMatchObject({ result: 'SUCCESS', rerunOf: runId });
    await waitFor(() => sink.calls('/switch/build').length === 2);
  });
});

interface Step {
  id: string;
  url: string;
  async?: boolean;
  retry?: Record<string, unknown>;
}

/** trigger → step 1 → step 2 → …, each a webhook. */
function chain(identifier: string, steps: Step[]): Record<string, unknown> {
  const ids = ['trigger', ...steps.map((step) => step.id)];
  return {
    identifier,
    title: identifier,
    nodes: [
      {
        identifier: 'trigger',
        config: { type: 'SELF_SERVE_TRIGGER', userInputs: { properties: {}, required: [] } },
      },
      ...steps.map((step) => ({
        identifier: step.id,
        ...(step.retry ? { retry: step.retry } : {}),
        config: {
          type: 'WEBHOOK',
          url: step.url,
          method: 'POST',
          body: { node: step.id, run: '{{ .workflowRun.identifier }}' },
          synchronized: !step.async,
        },
      })),
    ],
    connections: ids.slice(1).map((id, i) => ({ sourceIdentifier: ids[i], targetIdentifier: id })),
  };
}
