interface Entry<T> {
  outcome: Promise<T>;
  /** Undefined while the attempt runs. */
  finishedAt?: number;
}

/**
 * Attempts this process ran recently, by idempotency key. Kafka delivers at least once: a dispatch comes
 * again when its offset was not committed (a crash, a rebalance, a failed publish retried by the
 * consumer). Within this process the second delivery gets the first one's outcome instead of a second
 * side effect; across processes, receivers deduplicate with the idempotency key.
 */
export class RecentExecutions<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly limit: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Runs `attempt` unless `key` ran (or runs) here recently; then resolves to that outcome.
   * `repeated` says which happened. A rejected attempt is forgotten, so it can be tried again.
   */
  run(key: string, attempt: () => Promise<T>): { outcome: Promise<T>; repeated: boolean } {
    this.evictExpired();
    const known = this.entries.get(key);
    if (known) return { outcome: known.outcome, repeated: true };
    const entry: Entry<T> = { outcome: attempt() };
    this.entries.set(key, entry);
    entry.outcome.then(
      () => {
        entry.finishedAt = this.now();
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    this.evictOverLimit();
    return { outcome: entry.outcome, repeated: false };
  }

  get size(): number {
    return this.entries.size;
  }

  private evictExpired(): void {
    const oldest = this.now() - this.ttlMs;
    // Map order is insertion order, so entries finish roughly in order: stop at the first fresh one.
    for (const [key, entry] of this.entries) {
      if (entry.finishedAt === undefined) continue;
      if (entry.finishedAt > oldest) break;
      this.entries.delete(key);
    }
  }

  private evictOverLimit(): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.limit) break;
      if (entry.finishedAt !== undefined) this.entries.delete(key);
    }
  }
}
