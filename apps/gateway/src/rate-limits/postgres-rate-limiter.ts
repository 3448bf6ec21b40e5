import { Logger } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { type RateLimitDecision, type RateLimiter } from './fixed-window-rate-limiter';

/**
 * Counts requests per key in fixed windows in PostgreSQL, so every gateway replica shares one count and N
 * replicas allow the limit, not N times it. One upsert per request: the row of (key, current window) is
 * created or incremented atomically and returns the new count. Windows are aligned on the database's
 * clock, so replicas agree on them whatever their own clocks say. Finished windows are deleted as new
 * ones begin.
 *
 * If PostgreSQL cannot be reached the request is let through (and logged): the limit protects services
 * from floods, and refusing every caller while the counter store is down would be the flood's effect.
 */
export class PostgresRateLimiter implements RateLimiter {
  private readonly logger = new Logger(PostgresRateLimiter.name);
  private readonly table: string;
  private lastSweptWindow = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly limit: number,
    private readonly periodSeconds = 60,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error('the rate limit must be a positive integer');
    const schema = (dataSource.driver as { schema?: string }).schema ?? 'gateway';
    this.table = `"${schema}"."rate_limit_windows"`;
  }

  async take(key: string): Promise<RateLimitDecision> {
    try {
      const rows = (await this.dataSource.query(
        `insert into ${this.table} as w ("key", "window_start", "count")
           values ($1, to_timestamp(floor(extract(epoch from clock_timestamp()) / $2) * $2), 1)
         on conflict ("key", "window_start") do update set "count" = w."count" + 1
         returning w."count" as count, extract(epoch from w."window_start")::float8 as window_start`,
        [key, this.periodSeconds],
      )) as Array<{ count: number; window_start: number }>;
      const { count, window_start: windowStart } = rows[0];
      this.sweepBefore(windowStart);
      return this.decision(count, windowStart);
    } catch (error) {
      this.logger.warn({ message: `rate limit not counted: ${(error as Error).message}`, key });
      const now = Math.floor(Date.now() / 1000);
      return this.decision(0, now - (now % this.periodSeconds));
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
    this.dataSource
      .query(`delete from ${this.table} where "window_start" < to_timestamp($1)`, [windowStart])
      .catch((error: unknown) =>
        this.logger.warn({ message: `old rate-limit windows not deleted: ${(error as Error).message}` }),
      );
  }
}
