import { createHash } from 'node:crypto';

/**
 * Run keys (DESIGN.md §4.1): the orchestrator starts at most one run per (org, run key), and this service
 * keeps the same keys in its own tables, so a retried submission or a redelivered event requests nothing new.
 */

/** Idempotency-Key header values: visible ASCII, short enough that every run key fits its 300 characters. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,96}$/;

export function isIdempotencyKey(value: string): boolean {
  return IDEMPOTENCY_KEY_PATTERN.test(value);
}

/** A self-service submission: the client's idempotency key, or the run's own id when it sent none. */
export function selfServeRunKey(
  orgId: string,
  workflowIdentifier: string,
  idempotencyKey: string | undefined,
  runId: string,
): string {
  return idempotencyKey === undefined ? runId : `self-serve:${orgId}:${workflowIdentifier}:${idempotencyKey}`;
}

/** An entity-change event: one run per event and workflow, however often the event is delivered. */
export function eventRunKey(eventId: string, workflowIdentifier: string): string {
  return `event:${eventId}:${workflowIdentifier}`;
}

/**
 * Who submitted what, as a hash: the same Idempotency-Key sent again with another body or by another
 * caller is a client bug to refuse, not a retry to answer with someone else's run.
 */
export function submissionFingerprint(submission: {
  actorId: string;
  nodeIdentifier: string;
  inputs: unknown;
}): string {
  return createHash('sha256').update(canonicalJson(submission)).digest('hex');
}

/** JSON with object keys sorted, so equal values hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
