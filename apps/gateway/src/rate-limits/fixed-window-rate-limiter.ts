/** The outcome of counting one request, with what Port reports in its `x-ratelimit-*` headers. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Length of a window, seconds (`x-ratelimit-period`). */
  periodSeconds: number;
  /** When the current window ends, epoch seconds (`x-ratelimit-reset`). */
  resetAtEpochSeconds: number;
}

/** Counts one request against its key's budget. */
export interface RateLimiter {
  take(key: string): RateLimitDecision | Promise<RateLimitDecision>;
}

/**
 * The in-memory twin of PostgresRateLimiter (for unit tests and a single replica). Counts requests per key (an org, or a client IP) in fixed windows aligned to the clock, e.g. each
 * wall-clock minute. In memory: every gateway replica counts on its own. Counters of a finished window
 * are dropped when the next one starts, so memory holds at most one window's keys.
 */
export class FixedWindowRateLimiter implements RateLimiter {
  private windowStartMs = -1;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly periodMs = 60_000,
    private readonly clock: () => number = Date.now,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error('the rate limit must be a positive integer');
  }

  take(key: string): RateLimitDecision {
    const now = this.clock();
    const windowStartMs = now - (now % this.periodMs);
    if (windowStartMs !== this.windowStartMs) {
      this.windowStartMs = windowStartMs;
      this.counts.clear();
    }
    const used = this.counts.get(key) ?? 0;
    const allowed = used < this.limit;
    if (allowed) this.counts.set(key, used + 1);
    return {
      allowed,
      limit: this.limit,
      remaining: allowed ? this.limit - used - 1 : 0,
      periodSeconds: Math.round(this.periodMs / 1000),
      resetAtEpochSeconds: Math.ceil((windowStartMs + this.periodMs) / 1000),
    };
  }
}
