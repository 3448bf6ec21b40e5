/** A consumed message of one partition, from admission until its handling finished. */
export interface AdmittedOffset {
  readonly offset: number;
  done: boolean;
}

/**
 * Which offset of one partition may be committed while its messages are handled out of order: the lowest
 * offset not finished yet (Kafka's committed offset is the next one to read), or one past the last
 * admitted message when all are finished. A crash then redelivers exactly the unfinished messages (and
 * finished ones above the lowest unfinished, which consumers tolerate: they are idempotent).
 */
export class PartitionProgress {
  /** Admitted offsets in increasing order; entries before `head` are finished and forgotten. */
  private entries: AdmittedOffset[] = [];
  private head = 0;
  private lastAdmitted: number | undefined;
  private committed: number | undefined;

  admit(offset: number): AdmittedOffset {
    // The partition was read again from an earlier offset (a seek after a rebalance): start over from it.
    // Entries still in flight from before finish into the forgotten list.
    if (this.lastAdmitted !== undefined && offset <= this.lastAdmitted) {
      this.entries = [];
      this.head = 0;
      this.committed = undefined;
    }
    const entry = { offset, done: false };
    this.entries.push(entry);
    this.lastAdmitted = offset;
    return entry;
  }

  finish(entry: AdmittedOffset): void {
    entry.done = true;
    while (this.head < this.entries.length && this.entries[this.head].done) this.head += 1;
    // Compact now and then, so a long-lived partition does not keep every entry.
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  /** The offset to commit now, or undefined when it would not move the committed offset forward. */
  toCommit(): number | undefined {
    const next = this.position;
    return next === undefined || next === this.committed ? undefined : next;
  }

  /** The first offset not handled yet (what a commit now would store); undefined before any message. */
  get position(): number | undefined {
    if (this.lastAdmitted === undefined) return undefined;
    return this.head < this.entries.length ? this.entries[this.head].offset : this.lastAdmitted + 1;
  }

  markCommitted(offset: number): void {
    if (this.committed === undefined || offset > this.committed) this.committed = offset;
  }

  /** Admitted messages not finished yet. */
  get unfinished(): number {
    return this.entries.length - this.head;
  }
}
