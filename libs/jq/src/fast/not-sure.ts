/**
 * Thrown by the fast path whenever it cannot promise jq 1.8.2's exact result: a construct outside its
 * subset, a number whose jq formatting it cannot reproduce, a value too large to handle inline. The
 * engine catches it and asks the reference engine instead, so throwing it is always safe.
 */
export class NotSure extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotSure';
  }
}

/** Runtime give-ups share one instance: no stack trace to capture on a hot path. */
export const NOT_SURE = new NotSure('outside the fast path');

export function notSure(reason: string): never {
  throw new NotSure(reason);
}
