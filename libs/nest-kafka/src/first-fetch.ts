import { type Consumer } from 'kafkajs';

/**
 * Settles when `consumer` has finished its first fetch: it has joined its group and fixed where it reads
 * from, so it receives everything published from then on (a group of its own that starts at the latest
 * offset misses everything before; joining alone is not enough, as the latest offset is looked up after
 * the join). Call it before `connect()`.
 */
export function firstFetch(consumer: Consumer): Promise<void> {
  return new Promise((resolve) => {
    const remove = consumer.on(consumer.events.FETCH, () => {
      remove();
      resolve();
    });
  });
}

/** Whether `promise` settled within `ms`; it is not waited for longer. */
export async function settledWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}
