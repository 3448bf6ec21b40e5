import { PeriodicTask, stopPeriodicTasks } from './periodic-task';

/** A task whose passes the test ends by hand. */
class ScriptedTask extends PeriodicTask {
  passes = 0;
  private endPass?: (error?: Error) => void;

  constructor(private readonly interval = 60_000) {
    super();
  }

  protected get intervalMs(): number {
    return this.interval;
  }

  protected runOnce(): Promise<void> {
    this.passes += 1;
    return new Promise((resolve, reject) => {
      this.endPass = (error) => (error ? reject(error) : resolve());
    });
  }

  finishPass(error?: Error): Promise<void> {
    this.endPass?.(error);
    return new Promise((resolve) => setImmediate(resolve));
  }
}

describe('PeriodicTask', () => {
  it('runs one pass at a time', async () => {
    const task = new ScriptedTask();
    task.runSoon();
    task.runSoon();
    expect(task.passes).toBe(1);
    await task.finishPass();
    task.runSoon();
    expect(task.passes).toBe(2);
    await task.finishPass();
  });

  it('tries again after a failed pass', async () => {
    const task = new ScriptedTask();
    task.runSoon();
    await task.finishPass(new Error('database down'));
    task.runSoon();
    expect(task.passes).toBe(2);
    await task.finishPass();
  });

  it('stops after the pass in flight and starts no other', async () => {
    const task = new ScriptedTask();
    task.runSoon();
    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    await task.finishPass();
    await stopping;
    expect(stopped).toBe(true);
    task.runSoon();
    expect(task.passes).toBe(1);
  });

  it('is stopped with every other started task by stopPeriodicTasks, and not started when off', async () => {
    const tasks = [new ScriptedTask(), new ScriptedTask(), new ScriptedTask(0)];
    tasks.forEach((task) => task.onApplicationBootstrap());
    await stopPeriodicTasks();
    tasks.forEach((task) => task.runSoon());
    expect(tasks.map((task) => task.passes)).toEqual([0, 0, 1]);
    await tasks[2].finishPass();
  });
});
