import { type Consumer } from 'kafkajs';
import { firstFetch, settledWithin } from './first-fetch';

describe("waiting for a consumer's first fetch", () => {
  it('settles on the first FETCH and stops listening', async () => {
    const listeners = new Set<() => void>();
    const consumer = {
      events: { FETCH: 'consumer.fetch' },
      on: (_event: string, listener: () => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    } as unknown as Consumer;
    const joined = firstFetch(consumer);
    expect(await settledWithin(joined, 20)).toBe(false);
    for (const listener of [...listeners]) listener();
    expect(await settledWithin(joined, 1_000)).toBe(true);
    expect(listeners.size).toBe(0);
  });

  it('tells whether a promise settled in time, without waiting longer', async () => {
    expect(await settledWithin(new Promise(() => undefined), 50)).toBe(false);
    expect(await settledWithin(Promise.resolve(), 50)).toBe(true);
  });
});
