export interface GroupCommitSettings {
  /** Inputs applied in one transaction at most. 1 turns batching off. */
  maxBatch: number;
  /** Transactions open at once; further inputs wait and go together in the next one. */
  maxTransactions: number;
}

interface Pending<I, R> {
  item: I;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit, in plain TypeScript: work submitted while every transaction slot is busy waits, and the
 * next free slot takes all of it (up to `maxBatch`) into one transaction. A light load gets a transaction
 * per item, as before; a heavy one pays BEGIN, COMMIT and the commit's flush once per batch instead of once
 * per item. When a batch fails (one item threw, or the database aborted it), nothing of it was written:
 * each item is then run alone, so an item's error reaches only its own caller.
 */
export class GroupCommit<I, R> {
  private readonly queue: Array<Pending<I, R>> = [];
  private open = 0;
  /** What it did so far: transactions of several items, and the most items one of them carried. */
  readonly stats = { batches: 0, batchedItems: 0, largestBatch: 0, failedBatches: 0 };

  constructor(
    private readonly settings: GroupCommitSettings,
    /** Runs items in one transaction, returning their results in order; throws to roll all back. */
    private readonly runBatch: (items: I[]) => Promise<R[]>,
    /** Runs one item in a transaction of its own. */
    private readonly runOne: (item: I) => Promise<R>,
  ) {}

  /** Items waiting for a transaction. */
  get waiting(): number {
    return this.queue.length;
  }

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.open < this.settings.maxTransactions && this.queue.length > 0) {
      const batch = this.queue.splice(0, Math.max(1, this.settings.maxBatch));
      this.open += 1;
      void this.run(batch).finally(() => {
        this.open -= 1;
        this.pump();
      });
    }
  }

  private async run(batch: Array<Pending<I, R>>): Promise<void> {
    if (batch.length > 1) {
      const results = await this.runBatch(batch.map((pending) => pending.item)).then(
        (values) => values,
        () => undefined,
      );
      if (results) {
        this.stats.batches += 1;
        this.stats.batchedItems += batch.length;
        this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
        batch.forEach((pending, i) => pending.resolve(results[i]));
        return;
      }
      this.stats.failedBatches += 1;
    }
    await Promise.all(
      batch.map((pending) => this.runOne(pending.item).then(pending.resolve, pending.reject)),
    );
  }
}
