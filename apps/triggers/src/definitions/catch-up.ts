import { settledWithin } from '@flowline/nest-kafka';

/** Where a partition ends when reading starts: its high watermark (next offset) and its lowest offset. */
export interface PartitionEnd {
  partition: number;
  low: string;
  high: string;
}

/**
 * Tells when a reader has read every partition of a topic up to where it ended when reading started.
 * An empty partition is read at once; another when the message just before its high watermark was seen
 * (the last message of a partition sits in its active segment, which compaction never touches).
 */
export class CatchUp {
  private readonly lastOffsets = new Map<number, number>();
  private finished?: () => void;
  readonly done: Promise<void>;

  constructor(ends: readonly PartitionEnd[]) {
    for (const end of ends) {
      const high = Number(end.high);
      if (high > Number(end.low)) this.lastOffsets.set(end.partition, high - 1);
    }
    this.done = new Promise((resolve) => (this.finished = resolve));
    this.check();
  }

  /** A message of `partition` at `offset` was applied. */
  record(partition: number, offset: string): void {
    const last = this.lastOffsets.get(partition);
    if (last !== undefined && Number(offset) >= last) {
      this.lastOffsets.delete(partition);
      this.check();
    }
  }

  get caughtUp(): boolean {
    return this.lastOffsets.size === 0;
  }

  /** Partitions still being read, with the offset each must reach. */
  remaining(): Array<{ partition: number; lastOffset: number }> {
    return [...this.lastOffsets].map(([partition, lastOffset]) => ({ partition, lastOffset }));
  }

  /** Resolves once caught up; rejects after `timeoutMs` naming the partitions still behind. */
  async wait(timeoutMs: number): Promise<void> {
    if (await settledWithin(this.done, timeoutMs)) return;
    const behind = this.remaining()
      .map((p) => `partition ${p.partition} (up to offset ${p.lastOffset})`)
      .join(', ');
    throw new Error(`the definitions topic was not read to its end within ${timeoutMs} ms: ${behind}`);
  }

  private check(): void {
    if (this.caughtUp) this.finished?.();
  }
}
