import { GroupCommit } from './group-commit';

/** A transaction stand-in that finishes when the test says so. */
class Transactions {
  readonly batches: number[][] = [];
  readonly singles: number[] = [];
  private readonly finishers: Array<() => void> = [];
  failBatches = false;

  batch = (items: number[]): Promise<number[]> => {
    this.batches.push(items);
    return this.held(() => {
      if (this.failBatches) throw new Error('batch aborted');
      return items.map((n) => n * 10);
    });
  };

  one = (item: number): Promise<number> => {
    this.singles.push(item);
    return this.held(() => {
      if (item < 0) throw new Error(`item ${item} refused`);
      return item * 10;
    });
  };

  finishAll(): void {
    for (const finish of this.finishers.splice(0)) finish();
  }

  private held<T>(result: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) =>
      this.finishers.push(() => {
        try {
          resolve(result());
        } catch (error) {
          reject(error);
        }
      }),
    );
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('gives each item its own transaction while slots are free', async () => {
    const tx = new Transactions();
    const commits = new GroupCommit({ maxBatch: 10, maxTransactions: 2 }, tx.batch, tx.one);
    const results = [commits.submit(1), commits.submit(2)];
    await settle();
    tx.finishAll();
    await expect(Promise.all(results)).resolves.toEqual([10, 20]);
    expect(tx.singles).toEqual([1, 2]);
    expect(tx.batches).toEqual([]);
  });

  it('puts what waits for a busy slot into one transaction, up to the batch size', async () => {
    const tx = new Transactions();
    const commits = new GroupCommit({ maxBatch: 3, maxTransactions: 1 }, tx.batch, tx.one);
    const results = [1, 2, 3, 4, 5, 6].map((n) => commits.submit(n));
    expect(commits.waiting).toBe(5);
    for (let round = 0; round < 3; round += 1) {
      await settle();
      tx.finishAll();
    }
    await expect(Promise.all(results)).resolves.toEqual([10, 20, 30, 40, 50, 60]);
    expect(tx.singles).toEqual([1]);
    expect(tx.batches).toEqual([
      [2, 3, 4],
      [5, 6],
    ]);
  });

  it('runs each item alone when its batch fails, so an error reaches only its own caller', async () => {
    const tx = new Transactions();
    const commits = new GroupCommit({ maxBatch: 5, maxTransactions: 1 }, tx.batch, tx.one);
    tx.failBatches = true;
    const first = commits.submit(1);
    const rest = [2, -3, 4].map((n) =>
      commits.submit(n).then(
        (value) => ({ value }),
        (error: Error) => ({ error: error.message }),
      ),
    );
    for (let round = 0; round < 3; round += 1) {
      await settle();
      tx.finishAll();
    }
    await expect(first).resolves.toBe(10);
    await expect(Promise.all(rest)).resolves.toEqual([
      { value: 20 },
      { error: 'item -3 refused' },
      { value: 40 },
    ]);
    expect(tx.batches).toEqual([[2, -3, 4]]);
    expect(tx.singles).toEqual([1, 2, -3, 4]);
  });

  it('with a batch size of 1, never batches', async () => {
    const tx = new Transactions();
    const commits = new GroupCommit({ maxBatch: 1, maxTransactions: 1 }, tx.batch, tx.one);
    const results = [1, 2, 3].map((n) => commits.submit(n));
    for (let round = 0; round < 3; round += 1) {
      await settle();
      tx.finishAll();
    }
    await expect(Promise.all(results)).resolves.toEqual([10, 20, 30]);
    expect(tx.batches).toEqual([]);
  });
});
