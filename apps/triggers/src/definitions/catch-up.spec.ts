import { CatchUp } from './catch-up';

describe('CatchUp', () => {
  it('is caught up at once on an empty topic (or partitions emptied by retention)', async () => {
    const catchUp = new CatchUp([
      { partition: 0, low: '0', high: '0' },
      { partition: 1, low: '7', high: '7' },
    ]);
    expect(catchUp.caughtUp).toBe(true);
    await catchUp.wait(1000);
  });

  it('waits for the last message of every non-empty partition', async () => {
    const catchUp = new CatchUp([
      { partition: 0, low: '0', high: '3' },
      { partition: 1, low: '0', high: '0' },
      { partition: 2, low: '4', high: '5' },
    ]);
    catchUp.record(0, '1');
    catchUp.record(2, '4');
    expect(catchUp.caughtUp).toBe(false);
    expect(catchUp.remaining()).toEqual([{ partition: 0, lastOffset: 2 }]);
    catchUp.record(0, '2');
    expect(catchUp.caughtUp).toBe(true);
    await catchUp.wait(1000);
  });

  it('counts a partition read when an offset past its old end shows up (compaction leaves gaps)', () => {
    const catchUp = new CatchUp([{ partition: 0, low: '0', high: '10' }]);
    catchUp.record(0, '12');
    expect(catchUp.caughtUp).toBe(true);
  });

  it('gives up after the time limit, naming the partitions still behind', async () => {
    const catchUp = new CatchUp([{ partition: 1, low: '0', high: '5' }]);
    await expect(catchUp.wait(20)).rejects.toThrow('partition 1 (up to offset 4)');
  });
});
