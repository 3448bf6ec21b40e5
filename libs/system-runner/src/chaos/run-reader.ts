import { type AxiosInstance } from 'axios';
import type { NodeRunRecord, RunRecord } from './invariants';

interface NodeRunView {
  identifier: string;
  node?: { identifier: string };
  status: string;
  result: string | null;
  attempt?: number;
  attempts?: Array<{ attempt: number; status: string; result: string | null }>;
  nodeRunLogs?: Array<{ logLevel: string; log: string }>;
}

interface RunView {
  identifier: string;
  status: string;
  result: string | null;
  nodeRuns: NodeRunView[];
}

/** Each run as `GET /v1/workflows/runs/{id}` shows it (8 at a time); a run the API does not know is left out. */
export async function readRuns(
  api: AxiosInstance,
  runIds: readonly string[],
): Promise<Map<string, RunRecord>> {
  const runs = new Map<string, RunRecord>();
  const queue = [...runIds];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let runId = queue.shift(); runId; runId = queue.shift()) {
        const response = await getWithRetries(api, `/v1/workflows/runs/${runId}`);
        if (response.status === 200) runs.set(runId, toRunRecord(response.data.workflowRun as RunView));
        else if (response.status !== 404) throw new Error(`GET run ${runId}: ${response.status}`);
      }
    }),
  );
  return runs;
}

/** Every run of a workflow the list API shows, page by page. */
export async function listRunIds(api: AxiosInstance, workflow: string): Promise<string[]> {
  const ids: string[] = [];
  const limit = 1000;
  for (let offset = 0; ; offset += limit) {
    const response = await getWithRetries(api, '/v1/workflows/runs', {
      'workflowIdentifiers[]': workflow,
      limit,
      offset,
    });
    if (response.status !== 200)
      throw new Error(`listing runs: ${response.status} ${JSON.stringify(response.data)}`);
    const page = response.data.workflowRuns as Array<{ identifier: string }>;
    ids.push(...page.map((run) => run.identifier));
    if (page.length < limit) return ids;
  }
}

/** "<node>: <last error>" → how many runs did not succeed for it. */
export function failureReasons(runs: ReadonlyMap<string, RunRecord>): Record<string, number> {
  const reasons: Record<string, number> = {};
  for (const run of runs.values()) {
    if (run.status !== 'COMPLETED' || run.result === 'SUCCESS') continue;
    const failed = run.nodeRuns.find((nodeRun) => nodeRun.result === 'FAILED');
    const reason = failed
      ? `${failed.node}: ${(failed.error ?? 'no error logged').slice(0, 160)}`
      : `${run.result}`;
    reasons[reason] = (reasons[reason] ?? 0) + 1;
  }
  return reasons;
}

/**
 * The services were just restarted: a 5xx or no answer is tried again a few times; a 429 (the gateway's
 * rate limit) waits as long as its retry-after says.
 */
async function getWithRetries(api: AxiosInstance, url: string, params?: Record<string, unknown>) {
  for (let tries = 1; ; tries += 1) {
    const response = await api.get(url, { params }).catch(() => undefined);
    if (response?.status === 429 && tries < 20) {
      await sleep(retryAfterMs(response.headers['retry-after']));
      continue;
    }
    if (response && (response.status < 500 || tries >= 10)) return response;
    if (!response && tries >= 10) throw new Error(`GET ${url}: no answer`);
    await sleep(500 * tries);
  }
}

/** A retry-after header (seconds) in ms, between 1 and 60 s. */
export function retryAfterMs(header: unknown): number {
  const seconds = Number(header);
  return Number.isFinite(seconds) ? Math.min(60, Math.max(1, seconds)) * 1000 : 5_000;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function toRunRecord(view: RunView): RunRecord {
  return {
    identifier: view.identifier,
    status: view.status,
    result: view.result,
    nodeRuns: view.nodeRuns.map((nodeRun): NodeRunRecord => ({
      identifier: nodeRun.identifier,
      node: nodeRun.node?.identifier ?? '',
      status: nodeRun.status,
      result: nodeRun.result,
      attempt: nodeRun.attempt ?? 1,
      attempts: (nodeRun.attempts ?? []).map(({ attempt, status, result }) => ({ attempt, status, result })),
      error: nodeRun.nodeRunLogs?.filter((line) => line.logLevel === 'ERROR').pop()?.log,
    })),
  };
}
