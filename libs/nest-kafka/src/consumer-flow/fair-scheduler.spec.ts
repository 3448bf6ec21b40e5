import { FairScheduler, type ScheduledTask } from './fair-scheduler';

/** A task that runs until the test releases it, recording when it started. */
function gate() {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  return { done, release };
}

describe('FairScheduler', () => {
  let started: string[];
  let gates: Map<string, ReturnType<typeof gate>>;
  const task = (name: string, group: string, key?: string): ScheduledTask => ({
    key,
    group,
    run: () => {
      started.push(name);
      const g = gate();
      gates.set(name, g);
      return g.done;
    },
  });
  const finish = async (name: string) => {
    gates.get(name)?.release();
    // let the scheduler's continuation run
    for (let i = 0; i < 5; i += 1) await Promise.resolve();
  };

  beforeEach(() => {
    started = [];
    gates = new Map();
  });

  it('runs up to maxInFlight tasks at once and starts the next when one finishes', async () => {
    const scheduler = new FairScheduler({ maxInFlight: 2, maxInFlightPerGroup: 2 });
    ['a', 'b', 'c'].forEach((name) => scheduler.submit(task(name, 'org')));
    expect(started).toEqual(['a', 'b']);
    expect(scheduler.size).toBe(3);
    await finish('a');
    expect(started).toEqual(['a', 'b', 'c']);
    expect(scheduler.size).toBe(2);
  });

  it('keeps tasks of one key in order, one at a time, while other keys run', async () => {
    const scheduler = new FairScheduler({ maxInFlight: 10, maxInFlightPerGroup: 10 });
    scheduler.submit(task('run1-a', 'org', 'run1'));
    scheduler.submit(task('run1-b', 'org', 'run1'));
    scheduler.submit(task('run2-a', 'org', 'run2'));
    expect(started).toEqual(['run1-a', 'run2-a']);
    await finish('run2-a');
    expect(started).toEqual(['run1-a', 'run2-a']);
    await finish('run1-a');
    expect(started).toEqual(['run1-a', 'run2-a', 'run1-b']);
  });

  it('does not let one org hold the slots another org waits for', async () => {
    const scheduler = new FairScheduler({ maxInFlight: 4, maxInFlightPerGroup: 2 });
    for (let i = 0; i < 6; i += 1) scheduler.submit(task(`slow${i}`, 'orgB'));
    scheduler.submit(task('fast0', 'orgA'));
    scheduler.submit(task('fast1', 'orgA'));
    // orgB got its 2 slots, orgA its 2 although orgB submitted first and has more waiting
    expect(started).toEqual(['slow0', 'slow1', 'fast0', 'fast1']);
    expect(scheduler.waitingByGroup()).toEqual({ orgB: 4, orgA: 0 });
    await finish('fast0');
    // orgB is at its cap: the freed slot stays free for orgA
    expect(started).toHaveLength(4);
    scheduler.submit(task('fast2', 'orgA'));
    expect(started.at(-1)).toBe('fast2');
  });

  it('serves groups round robin when slots free up', async () => {
    const scheduler = new FairScheduler({ maxInFlight: 1, maxInFlightPerGroup: 1 });
    scheduler.submit(task('a1', 'A'));
    scheduler.submit(task('a2', 'A'));
    scheduler.submit(task('a3', 'A'));
    scheduler.submit(task('b1', 'B'));
    await finish('a1');
    await finish(started.at(-1) as string);
    await finish(started.at(-1) as string);
    expect(started).toEqual(['a1', 'b1', 'a2', 'a3']);
  });

  it('counts a failing task as finished and reports idle', async () => {
    const scheduler = new FairScheduler({ maxInFlight: 1, maxInFlightPerGroup: 1 });
    scheduler.submit({ group: 'g', run: () => Promise.reject(new Error('boom')) });
    scheduler.submit({
      group: 'g',
      run: () => {
        throw new Error('sync boom');
      },
    });
    expect(await scheduler.whenIdle(1_000)).toBe(true);
    expect(scheduler.size).toBe(0);
  });

  it('whenIdle gives up after its timeout while work is still running', async () => {
    const scheduler = new FairScheduler({ maxInFlight: 1, maxInFlightPerGroup: 1 });
    scheduler.submit(task('stuck', 'g'));
    expect(await scheduler.whenIdle(10)).toBe(false);
    await finish('stuck');
    expect(await scheduler.whenIdle(10)).toBe(true);
  });
});
