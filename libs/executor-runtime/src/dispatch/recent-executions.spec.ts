import { RecentExecutions } from './recent-executions';

describe('RecentExecutions', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000;
  });

  it('runs an attempt once and gives a repeated key the same outcome', async () => {
    const recent = new RecentExecutions<string>(60_000, 100, clock);
    const attempt = jest.fn(async () => 'first');
    const one = recent.run('wfnr_1:1', attempt);
    const two = recent.run('wfnr_1:1', attempt);
    expect(one.repeated).toBe(false);
    expect(two.repeated).toBe(true);
    expect(await two.outcome).toBe('first');
    expect(attempt).toHaveBeenCalledTimes(1);
    expect(recent.run('wfnr_1:2', async () => 'second').repeated).toBe(false);
  });

  it('shares an attempt that is still running', async () => {
    const recent = new RecentExecutions<string>(60_000, 100, clock);
    let finish: (value: string) => void = () => undefined;
    const running = recent.run('k', () => new Promise<string>((resolve) => (finish = resolve)));
    const again = recent.run('k', async () => 'other');
    finish('done');
    expect(await again.outcome).toBe('done');
    expect(await running.outcome).toBe('done');
  });

  it('forgets outcomes after the ttl, and rejected attempts at once', async () => {
    const recent = new RecentExecutions<string>(60_000, 100, clock);
    await recent.run('k', async () => 'x').outcome;
    now += 60_001;
    expect(recent.run('k', async () => 'y').repeated).toBe(false);

    await expect(recent.run('bad', async () => Promise.reject(new Error('no'))).outcome).rejects.toThrow(
      'no',
    );
    await Promise.resolve();
    expect(recent.run('bad', async () => 'ok').repeated).toBe(false);
  });

  it('keeps at most `limit` finished outcomes', async () => {
    const recent = new RecentExecutions<number>(60_000, 2, clock);
    for (let i = 0; i < 5; i += 1) await recent.run(`k${i}`, async () => i).outcome;
    recent.run('k5', async () => 5);
    expect(recent.size).toBeLessThanOrEqual(3);
    expect(recent.run('k4', async () => -1).repeated).toBe(true);
    expect(recent.run('k0', async () => -1).repeated).toBe(false);
  });
});
