import type { RunRecord } from './invariants';
import type { SinkRequest } from './webhook-sink';

export interface DeliveryFindings {
  duplicates: number;
  keysRepeated: number;
  retryAttempts: number;
  conflicting: string[];
}

/**
 * Each delivery's key must be `<nodeRunId>:<attempt>` of the node run it was made for (the node run the
 * API shows for that node of that run), and an attempt after the first only follows a failed attempt (a
 * retry). The same key arriving again is an allowed redelivery (at least once); it is only counted.
 */
export function checkDeliveries(
  requests: readonly SinkRequest[],
  runs: ReadonlyMap<string, RunRecord>,
): DeliveryFindings {
  const perKey = new Map<string, number>();
  const conflicting: string[] = [];
  for (const request of requests) {
    const key = header(request, 'idempotency-key');
    const runId = header(request, 'x-flowline-run-id');
    const nodeRunId = header(request, 'x-flowline-node-run-id');
    const node = /\/chaos\/([\w-]+)/.exec(request.path)?.[1];
    perKey.set(key, (perKey.get(key) ?? 0) + 1);
    const problem = keyProblem(key, runs.get(runId), nodeRunId, node);
    if (problem) conflicting.push(`${request.path} run ${runId || '?'} key "${key}": ${problem}`);
  }
  let duplicates = 0;
  let keysRepeated = 0;
  let retryAttempts = 0;
  for (const [key, count] of perKey) {
    if (count > 1) {
      duplicates += count - 1;
      keysRepeated += 1;
    }
    if (Number(/:(\d+)$/.exec(key)?.[1] ?? 1) > 1) retryAttempts += 1;
  }
  return { duplicates, keysRepeated, retryAttempts, conflicting };
}

function keyProblem(
  key: string,
  run: RunRecord | undefined,
  nodeRunId: string,
  node: string | undefined,
): string | undefined {
  const parsed = /^(.+):(\d+)$/.exec(key);
  if (!parsed) return 'not <nodeRunId>:<attempt>';
  const [, keyNodeRun, attemptText] = parsed;
  const attempt = Number(attemptText);
  if (keyNodeRun !== nodeRunId) return `names node run ${keyNodeRun}, sent for ${nodeRunId}`;
  if (!run) return 'the run is unknown';
  const nodeRun = run.nodeRuns.find((candidate) => candidate.identifier === nodeRunId);
  if (!nodeRun) return 'the node run is not in the run';
  if (nodeRun.node !== node) return `the node run belongs to ${nodeRun.node}`;
  if (attempt > nodeRun.attempt) return `attempt ${attempt}, the node run had ${nodeRun.attempt}`;
  if (attempt > 1) {
    const previous = nodeRun.attempts.find((candidate) => candidate.attempt === attempt - 1);
    if (previous?.result !== 'FAILED') return `attempt ${attempt} without a failed attempt ${attempt - 1}`;
  }
  return undefined;
}

function header(request: SinkRequest, name: string): string {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}
