import { type ExecutionLog, type ExecutionResult, failed, succeeded } from '@flowline/executor-runtime';
import {
  type CatalogCallError,
  type CatalogCallFailureKind,
  type CatalogResponse,
} from '../catalog/catalog-client';
import { type EntityUpsert } from './entity-upsert';

/** How much of an unexpected answer goes into the node run's log line. */
const LOGGED_BODY_CHARS = 2_000;

/**
 * What a catalog status means for the node. The entity or its blueprint is wrong (422, 404) or this
 * executor may not write (401, 403): another attempt gets the same answer. Conflicts, rate limits and
 * server errors may pass; the upsert is idempotent (same identifier), so a retry is safe.
 */
export function classifyCatalogStatus(status: number): { code: string; retryable: boolean } {
  if (status === 422) return { code: 'CATALOG_VALIDATION_ERROR', retryable: false };
  if (status === 404) return { code: 'BLUEPRINT_NOT_FOUND', retryable: false };
  if (status === 401 || status === 403) return { code: 'CATALOG_FORBIDDEN', retryable: false };
  if (status === 409 || status === 429 || status >= 500)
    return { code: 'CATALOG_UNAVAILABLE', retryable: true };
  return { code: 'CATALOG_REFUSED', retryable: false };
}

const CALL_FAILURES: Record<CatalogCallFailureKind, { code: string; retryable: boolean }> = {
  network: { code: 'NETWORK_ERROR', retryable: true },
  timeout: { code: 'TIMEOUT', retryable: true },
  aborted: { code: 'DEADLINE_EXCEEDED', retryable: true },
};

/**
 * The catalog's answer. 2xx with the entity: SUCCESS with Port's `{response: {status, data: entity}}`.
 * Anything else fails the node with the catalog's message; a 422's field problems go to the logs, one
 * per line, and the answer stays in the output.
 */
export function catalogOutcome(upsert: EntityUpsert, response: CatalogResponse): ExecutionResult {
  const target = describeTarget(upsert);
  const entity = entityOf(response.body);
  if (response.status >= 200 && response.status < 300 && entity) {
    const generated = upsert.generatedIdentifier ? ' (generated identifier)' : '';
    const log = `upserted ${target}${generated}: HTTP ${response.status} (${response.durationMs} ms)`;
    return succeeded({ response: { status: response.status, data: entity } }, [{ logLevel: 'INFO', log }]);
  }

  const output = { response: { status: response.status, data: response.body } };
  if (response.status >= 200 && response.status < 300) {
    const message = `the catalog answered HTTP ${response.status} for ${target} without the entity`;
    return failed({ code: 'CATALOG_BAD_RESPONSE', message, retryable: true }, { output });
  }
  const { code, retryable } = classifyCatalogStatus(response.status);
  const reason = catalogMessage(response.body);
  const message = `the catalog refused ${target}: HTTP ${response.status}${reason ? `: ${reason}` : ''}`;
  const logs: ExecutionLog[] = [{ logLevel: 'ERROR', log: message }];
  for (const problem of fieldProblems(response.body))
    logs.push({ logLevel: 'ERROR', log: `${problem.path || '(entity)'}: ${problem.message}` });
  if (!reason) logs.push({ logLevel: 'ERROR', log: `answer: ${shown(response.body)}` });
  return failed({ code, message, retryable }, { output, logs });
}

/** The catalog could not be reached or did not answer in time: another attempt may succeed. */
export function catalogCallFailureOutcome(upsert: EntityUpsert, error: CatalogCallError): ExecutionResult {
  const { code, retryable } = CALL_FAILURES[error.kind];
  return failed({ code, message: `upserting ${describeTarget(upsert)} failed: ${error.message}`, retryable });
}

function describeTarget(upsert: EntityUpsert): string {
  return `entity "${upsert.body.identifier}" of blueprint "${upsert.blueprint}"`;
}

function entityOf(body: unknown): Record<string, unknown> | undefined {
  const entity = isObject(body) ? body['entity'] : undefined;
  return isObject(entity) && typeof entity['identifier'] === 'string' ? entity : undefined;
}

function catalogMessage(body: unknown): string | undefined {
  return isObject(body) && typeof body['message'] === 'string' ? body['message'] : undefined;
}

function fieldProblems(body: unknown): Array<{ path: string; message: string }> {
  const details = isObject(body) ? body['details'] : undefined;
  if (!Array.isArray(details)) return [];
  return details.filter(isObject).map((detail) => ({
    path: typeof detail['path'] === 'string' ? detail['path'] : '',
    message: typeof detail['message'] === 'string' ? detail['message'] : JSON.stringify(detail),
  }));
}

function shown(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? null);
  return text.length > LOGGED_BODY_CHARS ? `${text.slice(0, LOGGED_BODY_CHARS)}… (cut)` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
