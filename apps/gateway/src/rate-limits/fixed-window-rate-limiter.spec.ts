import { FixedWindowRateLimiter } from './fixed-window-rate-limiter';

describe('FixedWindowRateLimiter', () => {
  const minute = 60_000;
  const start = 1_700_000_040_000; // exactly on a minute boundary
  let now: number;
  const limiter = () => new FixedWindowRateLimiter(3, minute, () => now);

  beforeEach(() => {
    now = start + 1_500;
  });

  it('allows up to the limit per window, counting down what remains', () => {
    const limits = limiter();
    expect([1, 2, 3, 4].map(() => limits.take('org_a'))).toEqual([
      expect.objectContaining({ allowed: true, remaining: 2 }),
      expect.objectContaining({ allowed: true, remaining: 1 }),
      expect.objectContaining({ allowed: true, remaining: 0 }),
      expect.objectContaining({ allowed: false, remaining: 0 }),
    ]);
  });

  it('reports Port-style header values: limit, period and the window end in epoch seconds', () => {
    expect(limiter().take('org_a')).toEqual({
      allowed: true,
      limit: 3,
      remaining: 2,
      periodSeconds: 60,
      resetAtEpochSeconds: (start + minute) / 1000,
    });
  });

  it('counts each key on its own', () => {
    const limits = limiter();
    for (let i = 0; i < 3; i += 1) limits.take('org_a');
    expect(limits.take('org_a').allowed).toBe(false);
    expect(limits.take('org_b')).toEqual(expect.objectContaining({ allowed: true, remaining: 2 }));
  });

  it('starts afresh in the next window', () => {
    const limits = limiter();
    for (let i = 0; i < 4; i += 1) limits.take('org_a');
    now = start + minute;
    expect(limits.take('org_a')).toEqual(
      expect.objectContaining({
        allowed: true,
        remaining: 2,
        resetAtEpochSeconds: (start + 2 * minute) / 1000,
      }),
    );
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new FixedWindowRateLimiter(0)).toThrow('positive integer');
    expect(() => new FixedWindowRateLimiter(1.5)).toThrow('positive integer');
  });
});
