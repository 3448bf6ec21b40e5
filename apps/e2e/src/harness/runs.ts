import { type AxiosInstance } from 'axios';
import { waitFor } from '@flowline/testing';

export interface NodeRunView {
  identifier: string;
  node?: { identifier: string };
  nodeIdentifier?: string;
  status: string;
  result: string | null;
  output: Record<string, unknown>;
  nodeRunLogs: Array<{ logLevel: string; log: string }>;
}

export interface RunView {
  identifier: string;
  status: string;
  result: string | null;
  variables: { outputs: Record<string, unknown> };
  nodeRuns: NodeRunView[];
}

/** The node's identifier on a node run, in either of the reference's spellings. */
export function nodeOf(nodeRun: NodeRunView): string | undefined {
  return nodeRun.node?.identifier ?? nodeRun.nodeIdentifier;
}

export async function getRun(api: AxiosInstance, runId: string): Promise<RunView | undefined> {
  const response = await api.get(`/v1/workflows/runs/${runId}`);
  return response.status === 200 ? (response.data.workflowRun as RunView) : undefined;
}

/** Waits until the run is COMPLETED (or `until` holds) and returns it as the API shows it. */
export async function waitForRun(
  api: AxiosInstance,
  runId: string,
  until: (run: RunView) => boolean = (run) => run.status === 'COMPLETED',
  timeoutMs = 60_000,
): Promise<RunView> {
  return waitFor(
    async () => {
      const run = await getRun(api, runId);
      return run && until(run) ? run : undefined;
    },
    { timeoutMs, intervalMs: 200, description: `run ${runId}` },
  );
}

/** The runs of one workflow, newest first, as the list API shows them. */
export async function runsOf(api: AxiosInstance, workflowIdentifier: string): Promise<RunView[]> {
  const response = await api.get('/v1/workflows/runs', {
    params: { 'workflowIdentifiers[]': workflowIdentifier, limit: 1000 },
  });
  if (response.status !== 200)
    throw new Error(`listing runs: ${response.status} ${JSON.stringify(response.data)}`);
  return response.data.workflowRuns as RunView[];
}
