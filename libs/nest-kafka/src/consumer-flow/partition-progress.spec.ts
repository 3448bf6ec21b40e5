import { PartitionProgress } from './partition-progress';

describe('PartitionProgress', () => {
  it('commits nothing before anything was admitted', () => {
    expect(new PartitionProgress().toCommit()).toBeUndefined();
  });

  it('commits only below the lowest unfinished offset', () => {
    const progress = new PartitionProgress();
    const [a, b, c] = [10, 11, 12].map((offset) => progress.admit(offset));
    expect(progress.toCommit()).toBe(10);
    progress.finish(c);
    progress.finish(b);
    expect(progress.toCommit()).toBe(10);
    expect(progress.unfinished).toBe(3);
    progress.finish(a);
    expect(progress.toCommit()).toBe(13);
    expect(progress.unfinished).toBe(0);
  });

  it('does not ask to commit the same offset twice', () => {
    const progress = new PartitionProgress();
    progress.finish(progress.admit(5));
    expect(progress.toCommit()).toBe(6);
    progress.markCommitted(6);
    expect(progress.toCommit()).toBeUndefined();
    progress.admit(7);
    expect(progress.toCommit()).toBe(7);
  });

  it('starts over when the partition is read again from an earlier offset', () => {
    const progress = new PartitionProgress();
    const old = progress.admit(20);
    progress.admit(21);
    progress.markCommitted(20);
    const again = progress.admit(20);
    progress.finish(old);
    expect(progress.toCommit()).toBe(20);
    progress.finish(again);
    expect(progress.toCommit()).toBe(21);
  });

  it('stays correct over many offsets (compaction)', () => {
    const progress = new PartitionProgress();
    const entries = Array.from({ length: 5_000 }, (_, i) => progress.admit(i));
    entries.slice(0, 4_000).forEach((entry) => progress.finish(entry));
    expect(progress.toCommit()).toBe(4_000);
    entries.slice(4_001).forEach((entry) => progress.finish(entry));
    expect(progress.toCommit()).toBe(4_000);
    progress.finish(entries[4_000]);
    expect(progress.toCommit()).toBe(5_000);
  });
});
