import { Logger } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { type RateLimitDecision, type RateLimiter } from './fixed-window-rate-limiter';

/**
 * Counts requests per key in fixed windows in PostgreSQL, so every gateway replica shares one count and N
 * replicas allow the limit, not N times it. A replica takes tokens from the shared count in blocks (one
 * upsert adds the block and returns the new count) and spends them locally: a block is 1% of the limit
 * (at least 1, at most 1,000), so a small limit is counted request by request and a large one costs one
 * statement per block instead of one per request. Tokens a replica took but did not spend before the
 * window ends are lost to the others (at most a block per replica and window). Windows are aligned on the
 * database's clock, so replicas agree on them whatever their own clocks say. Finished windows are deleted
 * as new ones begin.
 *
 * If PostgreSQL cannot be reached the request is let through (and logged): the limit protects services
 * from floods, and refusing every caller while the counter store is down would be the flood's effect.
 */
export class PostgresRateLimiter implements RateLimiter {
  private readonly logger = new Logger(PostgresRateLimiter.name);
  private readonly table: string;
  private lastSweptWindow = 0;
  private readonly blockSize: number;
  /** Per key, the tokens this replica took in the current window and has not spent yet. */
  private readonly leases = new Map<string, { windowStart: number; left: number; used: number }>();
  private readonly reserving = new Map<string, Promise<RateLimitDecision | undefined>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly limit: number,
    private readonly periodSeconds = 60,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error('the rate limit must be a positive integer');
    const schema = (dataSource.driver as { schema?: string }).schema ?? 'gateway';
    this.table = `"${schema}"."rate_limit_windows"`;
    this.blockSize = Math.min(1_000, Math.max(1, Math.floor(limit / 100)));
  }

  async take(key: string): Promise<RateLimitDecision> {
    for (;;) {
      const lease = this.leases.get(key);
      if (lease && lease.left > 0 && Date.now() / 1000 < lease.windowStart + this.periodSeconds) {
        lease.left -= 1;
        lease.used += 1;
        return this.decision(lease.used, lease.windowStart);
      }
      // One reservation per key at a time: concurrent requests wait for it and share its block, instead
      // of each taking a block of its own (which would spend the budget on tokens nobody uses).
      const pending = this.reserving.get(key);
      if (pending) {
        const refused = await pending;
        if (refused) return refused;
        continue;
      }
      const reservation = this.reserve(key).finally(() => this.reserving.delete(key));
      this.reserving.set(key, reservation);
      const refused = await reservation;
      if (refused) return refused;
    }
  }

  /**
   * Takes a block from the shared count. Resolves with the answer for the requests waiting when there is
   * no token to hand out (the window's budget is spent, or PostgreSQL is unreachable and they pass).
   */
  private async reserve(key: string): Promise<RateLimitDecision | undefined> {
    try {
      const rows = (await this.dataSource.query(
        `insert into ${this.table} as w ("key", "window_start", "count")
           values ($1, to_timestamp(floor(extract(epoch from clock_timestamp()) / $2) * $2), $3)
         on conflict ("key", "window_start") do update set "count" = w."count" + $3
         returning w."count" as count, extract(epoch from w."window_start")::float8 as window_start`,
        [key, this.periodSeconds, this.blockSize],
      )) as Array<{ count: number; window_start: number }>;
      const { count, window_start: windowStart } = rows[0];
      this.sweepBefore(windowStart);
      const before = count - this.blockSize;
      const granted = Math.max(0, Math.min(this.blockSize, this.limit - before));
      if (granted === 0) {
        this.leases.delete(key);
        return this.decision(count, windowStart);
      }
      this.leases.set(key, { windowStart, left: granted, used: before });
      return undefined;
    } catch (error) {
      this.logger.warn({ message: `rate limit not counted: ${(error as Error).message}`, key });
      const now = Math.floor(Date.now() / 1000);
      return { ...this.decision(0, now - (now % this.periodSeconds)), allowed: true };
    }
  }

  private decision(count: number, windowStart: number): RateLimitDecision {
    return {
      allowed: count <= this.limit,
      limit: this.limit,
      remaining: Math.max(0, this.limit - count),
      periodSeconds: this.periodSeconds,
      resetAtEpochSeconds: Math.round(windowStart) + this.periodSeconds,
    };
  }

  /** Once per window and replica, deletes the counters of windows that have ended. */
  private sweepBefore(windowStart: number): void {
    if (windowStart <= this.lastSweptWindow) return;
    this.lastSweptWindow = windowStart;
    for (const [key, lease] of this.leases) if (lease.windowStart < windowStart) this.leases.delete(key);
    this.dataSource
      .query(`delete from ${this.table} where "window_start" < to_timestamp($1)`, [windowStart])
      .catch((error: unknown) =>
        this.logger.warn({ message: `old rate-limit windows not deleted: ${(error as Error).message}` }),
      );
  }
}
