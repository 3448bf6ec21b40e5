import { type Consumer } from 'kafkajs';
import { firstGroupJoin, settledWithin } from './group-join';

describe('waiting for a group join', () => {
  it('settles on the first GROUP_JOIN and stops listening', async () => {
    const listeners = new Set<() => void>();
    const consumer = {
      events: { GROUP_JOIN: 'consumer.group_join' },
      on: (_event: string, listener: () => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    } as unknown as Consumer;
    const joined = firstGroupJoin(consumer);
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
