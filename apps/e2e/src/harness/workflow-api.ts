import { type AxiosInstance } from 'axios';
import { type NodeRunView, nodeOf, type RunView, waitForRun } from './runs';

export type Json = Record<string, unknown>;

/** The node run of `node` in a run (throws when the run has none). */
export function nodeRunOf(run: RunView, node: string): NodeRunView {
  const found = run.nodeRuns.find((nodeRun) => nodeOf(nodeRun) === node);
  if (!found) throw new Error(`run ${run.identifier} has no node run of ${node}`);
  return found;
}

/** A self-service trigger whose inputs are all required strings or as given. */
export function selfServe(properties: Record<string, Json>): Json {
  return {
    identifier: 'trigger',
    config: {
      type: 'SELF_SERVE_TRIGGER',
      userInputs: { properties, required: Object.keys(properties) },
    },
  };
}

/** trigger → `second`. */
export function twoNodes(identifier: string, trigger: Json, second: Json): Json {
  return {
    identifier,
    title: identifier,
    nodes: [trigger, second],
    connections: [{ sourceIdentifier: 'trigger', targetIdentifier: second['identifier'] }],
  };
}

export async function createWorkflow(api: AxiosInstance, definition: Json): Promise<string> {
  const response = await api.post('/v1/workflows', definition);
  expect([response.status, response.data]).toEqual([201, expect.objectContaining({ ok: true })]);
  return definition['identifier'] as string;
}

export async function startRun(api: AxiosInstance, workflow: string, inputs: Json): Promise<string> {
  const started = await api.post(`/v1/workflows/${workflow}/runs`, { inputs });
  expect([started.status, started.data]).toEqual([201, expect.objectContaining({ ok: true })]);
  return started.data.workflowRun.identifier as string;
}

/** Waits until the run's node run `node` is IN_PROGRESS and `ready` holds for it. */
export async function waitForNodeInProgress(
  api: AxiosInstance,
  runId: string,
  node: string,
  ready: (nodeRun: NodeRunView) => boolean = () => true,
): Promise<NodeRunView> {
  const run = await waitForRun(api, runId, (candidate) =>
    candidate.nodeRuns.some((n) => nodeOf(n) === node && n.status === 'IN_PROGRESS' && ready(n)),
  );
  return nodeRunOf(run, node);
}
