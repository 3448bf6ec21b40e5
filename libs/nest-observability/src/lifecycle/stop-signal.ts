/**
 * Announces, once, that this process has begun to stop: the first step of a service's shutdown. What
 * holds a request open waiting for something (a submission waiting for its run's confirmation) listens,
 * and answers now with what it has, so the HTTP drain that follows is not held up by waits that would
 * end anyway.
 */
export class StopSignal {
  private readonly listeners = new Set<() => void>();
  private stopped = false;

  get stopping(): boolean {
    return this.stopped;
  }

  /** Calls `listener` when the process begins to stop (at once if it has); returns a function removing it. */
  listen(listener: () => void): () => void {
    if (this.stopped) {
      listener();
      return () => undefined;
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells every listener, once; a listener that throws does not keep the others from hearing it. */
  announce(): void {
    if (this.stopped) return;
    this.stopped = true;
    const listeners = [...this.listeners];
    this.listeners.clear();
    const failures: unknown[] = [];
    for (const listener of listeners) {
      try {
        listener();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, 'stop listeners failed');
  }
}

/** This process's stop signal; `stopService` announces it. */
export const serviceStopping = new StopSignal();
