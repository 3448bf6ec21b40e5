import { type AxiosInstance } from 'axios';
import { waitFor } from '@flowline/testing';

type Json = Record<string, unknown>;

/** Creates an action through the gateway and expects Port's 201 `{ ok, action }`. */
export async function createAction(api: AxiosInstance, action: Json): Promise<void> {
  const created = await api.post('/v1/actions', action);
  expect([created.status, created.data]).toEqual([201, expect.objectContaining({ ok: true })]);
}

/** Runs a self-service action and returns the `run` of its 201 `{ ok, run }`. */
export async function runAction(api: AxiosInstance, identifier: string, body: Json): Promise<Json> {
  const started = await api.post(`/v1/actions/${identifier}/runs`, body);
  expect([started.status, started.data.ok]).toEqual([201, true]);
  return started.data.run as Json;
}

/** Waits until the action run has the status, and returns it as `GET /v1/actions/runs/{id}` shows it. */
export function waitForActionRun(api: AxiosInstance, id: string, status: string): Promise<Json> {
  return waitFor(
    async () => {
      const answer = await api.get(`/v1/actions/runs/${id}`);
      return answer.status === 200 && answer.data.run.status === status
        ? (answer.data.run as Json)
        : undefined;
    },
    { timeoutMs: 60_000, description: `action run ${id} in ${status}` },
  );
}

/** The action runs of an action, newest first. */
export async function actionRunsOf(api: AxiosInstance, action: string): Promise<Json[]> {
  const answer = await api.get('/v1/actions/runs', { params: { action } });
  expect(answer.status).toBe(200);
  return answer.data.runs as Json[];
}

/** A self-service trigger on the `service` blueprint. */
export function selfService(userInputs: Json = { properties: {}, required: [] }, operation = 'CREATE'): Json {
  return { type: 'self-service', operation, userInputs, blueprintIdentifier: 'service' };
}

/** The `service` blueprint the actions e2e files act on. */
export const SERVICE_BLUEPRINT: Json = {
  identifier: 'service',
  title: 'Service',
  schema: { properties: { tier: { type: 'string' }, version: { type: 'string' } }, required: [] },
};
