import { type Consumer } from 'kafkajs';

/**
 * Settles when `consumer` first joins its group: from then on it receives what is published (a group of
 * its own that starts at the latest offset misses everything before). Call it before `connect()`.
 */
export function firstGroupJoin(consumer: Consumer): Promise<void> {
  return new Promise((resolve) => {
    const remove = consumer.on(consumer.events.GROUP_JOIN, () => {
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
