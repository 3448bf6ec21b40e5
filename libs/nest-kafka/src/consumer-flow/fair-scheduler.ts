/** One unit of work: a consumed message's handling. */
export interface ScheduledTask {
  /** Tasks with the same key run one at a time, in the order they were submitted (e.g. one run's messages). */
  key?: string;
  /** Who the work is for (an org): groups share the slots fairly. */
  group: string;
  run: () => Promise<void>;
}

export interface SchedulerLimits {
  /** Tasks running at once, all groups together. */
  maxInFlight: number;
  /** Tasks of one group running at once. */
  maxInFlightPerGroup: number;
}

interface GroupState {
  running: number;
  ready: ScheduledTask[];
  /** When it was last given a slot (a counter); a group never served, or idle and back, comes first. */
  lastServed: number;
}

/**
 * Runs submitted tasks concurrently within limits. A task whose key has an earlier unfinished task waits
 * for it; a free slot goes to the group served least recently, and a group at its own cap is passed
 * over, so one group's slow work never holds the slots another group is waiting for. Plain TypeScript: the
 * Kafka consumer feeds it, tests drive it directly.
 */
export class FairScheduler {
  private running = 0;
  private pending = 0;
  /** Per key, the submitted tasks not finished yet; the head is ready or running. */
  private readonly byKey = new Map<string, ScheduledTask[]>();
  private readonly groups = new Map<string, GroupState>();
  /** Groups with ready tasks. */
  private readonly withReady = new Set<GroupState>();
  private served = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly limits: SchedulerLimits,
    private readonly onSettled: () => void = () => undefined,
  ) {
    if (limits.maxInFlight < 1 || limits.maxInFlightPerGroup < 1)
      throw new Error('scheduler limits must be at least 1');
  }

  /** Submitted and not finished (running or waiting). */
  get size(): number {
    return this.pending;
  }

  get inFlight(): number {
    return this.running;
  }

  /** Waiting to start, per group (for metrics and tests). */
  waitingByGroup(): Record<string, number> {
    return Object.fromEntries([...this.groups].map(([name, group]) => [name, group.ready.length]));
  }

  /** Running, per group (for metrics). */
  runningByGroup(): Record<string, number> {
    return Object.fromEntries([...this.groups].map(([name, group]) => [name, group.running]));
  }

  submit(task: ScheduledTask): void {
    this.pending += 1;
    if (task.key !== undefined) {
      const queue = this.byKey.get(task.key);
      if (queue) {
        queue.push(task);
        return;
      }
      this.byKey.set(task.key, [task]);
    }
    this.makeReady(task);
    this.pump();
  }

  /** Resolves once nothing is pending, or after `timeoutMs`; true when idle. */
  whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.pending === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((waiter) => waiter !== done);
        resolve(false);
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.idleWaiters.push(done);
    });
  }

  private makeReady(task: ScheduledTask): void {
    let group = this.groups.get(task.group);
    if (!group) {
      group = { running: 0, ready: [], lastServed: 0 };
      this.groups.set(task.group, group);
    }
    group.ready.push(task);
    this.withReady.add(group);
  }

  private pump(): void {
    while (this.running < this.limits.maxInFlight && this.withReady.size > 0) {
      let next: GroupState | undefined;
      for (const group of this.withReady) {
        if (group.running >= this.limits.maxInFlightPerGroup) continue;
        if (!next || group.lastServed < next.lastServed) next = group;
      }
      if (!next) return;
      const task = next.ready.shift() as ScheduledTask;
      if (next.ready.length === 0) this.withReady.delete(next);
      this.served += 1;
      next.lastServed = this.served;
      this.start(task, next);
    }
  }

  private start(task: ScheduledTask, group: GroupState): void {
    this.running += 1;
    group.running += 1;
    let work: Promise<void>;
    try {
      work = task.run();
    } catch (error) {
      work = Promise.reject(error);
    }
    void work.catch(() => undefined).then(() => this.finish(task, group));
  }

  private finish(task: ScheduledTask, group: GroupState): void {
    this.running -= 1;
    this.pending -= 1;
    group.running -= 1;
    if (group.running === 0 && group.ready.length === 0) this.groups.delete(task.group);
    if (task.key !== undefined) {
      const queue = this.byKey.get(task.key) as ScheduledTask[];
      queue.shift();
      if (queue.length > 0) this.makeReady(queue[0]);
      else this.byKey.delete(task.key);
    }
    this.onSettled();
    this.pump();
    if (this.pending === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const waiter of waiters) waiter();
    }
  }
}
