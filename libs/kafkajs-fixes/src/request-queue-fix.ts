/**
 * kafkajs 2.2.4 keeps every broker connection busy while it has nothing to do: its request queue's
 * `scheduleCheckPendingRequests` arms a timer even when no request is pending, with a negative delay, and
 * the check it runs arms the next one, so each connection spins through a timer about every millisecond
 * (kafkajs issues #1556 and #1704; the fix in pull request #1667 is unreleased). Measured here, an idle
 * service spent about 3% of a core in that loop, and every service, the load driver and the tests pay it
 * under load too. The replacement arms the timer only for requests that wait (throttled by the broker, or
 * over the in-flight limit); a request that waits always arms it when it is queued, and the queue checks
 * again whenever an in-flight request completes, as before.
 */
// kafkajs exports no types for its internals or its package.json.
const { version } = require('kafkajs/package.json') as { version: string };

/** The request queue's own interval for re-checking waiting requests (its CHECK_PENDING_REQUESTS_INTERVAL). */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

/** What the replacement touches of kafkajs's RequestQueue. */
export interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: ReturnType<typeof setTimeout> | null;
  checkPendingRequests(): void;
}

/** `scheduleCheckPendingRequests` that arms a timer only when a request waits. */
export function scheduleCheckPendingRequests(this: RequestQueueInternals): void {
  if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
  const untilUnthrottled = this.throttledUntil - Date.now();
  this.throttleCheckTimeoutId = setTimeout(
    () => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    },
    untilUnthrottled > 0 ? untilUnthrottled : CHECK_PENDING_REQUESTS_INTERVAL_MS,
  );
}

/**
 * Replaces the loop in the kafkajs version that has it (2.2.4); any other version is left alone (its
 * request queue must be looked at again). Returns whether it replaced it.
 */
export function fixKafkajsIdleLoop(): boolean {
  if (version !== '2.2.4') return false;
  const RequestQueue = require('kafkajs/src/network/requestQueue') as {
    prototype: { scheduleCheckPendingRequests: () => void };
  };
  RequestQueue.prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
  return true;
}

fixKafkajsIdleLoop();
