import { pollUntil } from './poll';

describe('pollUntil', () => {
  it('returns the first answer, probing again after a refusal or an error', async () => {
    const answers = [undefined, 'boom', 'yes'];
    let probes = 0;
    const answer = await pollUntil(
      async () => {
        const next = answers[probes++];
        if (next === 'boom') throw new Error('connection refused');
        return next;
      },
      { timeoutMs: 2000, initialIntervalMs: 1 },
    );
    expect(answer).toBe('yes');
    expect(probes).toBe(3);
  });

  it('gives up once the time is up, after probing at least once', async () => {
    let probes = 0;
    const started = Date.now();
    const answer = await pollUntil(
      async () => {
        probes += 1;
        return undefined;
      },
      { timeoutMs: 60, initialIntervalMs: 5, maxIntervalMs: 10 },
    );
    expect(answer).toBeUndefined();
    expect(probes).toBeGreaterThan(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(60);
  });

  it('tells each probe how much time is left, so one slow call cannot overrun the wait', async () => {
    const remaining: number[] = [];
    await pollUntil(
      async (left) => {
        remaining.push(left);
        return remaining.length === 2 ? 'done' : undefined;
      },
      { timeoutMs: 1000, initialIntervalMs: 5 },
    );
    expect(remaining[0]).toBeLessThanOrEqual(1000);
    expect(remaining[1]).toBeLessThan(remaining[0]);
  });
});
