import { useEffect, useState } from 'react';
import { ApiProblem, type FlowlineApi } from '../api/flowline-api';
import { readEvents } from '../api/run-events';
import type { Run } from '../api/types';

/**
 * A run kept current: read once, then read again on each of its server-sent events until it completes
 * (the events say what changed; the run read gives the node runs' outputs, logs and attempts).
 */
export function useLiveRun(
  api: FlowlineApi,
  identifier: string,
): { run: Run | null; error: string | null; live: boolean; reload: () => void } {
  const [run, setRun] = useState<Run | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState(false);
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    // Stop following once the run completed, or when it cannot be read (gone, not visible, signed out).
    let completed = false;
    let unreadable = false;
    let reading: Promise<void> = Promise.resolve();
    const refresh = () => {
      // One read at a time, in order: the last answer is the newest state.
      reading = reading.then(() =>
        api.run(identifier).then(
          (fresh) => {
            completed = fresh.status === 'COMPLETED';
            if (!abort.signal.aborted) setRun(fresh);
          },
          (problem: Error) => {
            unreadable = problem instanceof ApiProblem && isFinal(problem.status);
            setError(problem.message);
          },
        ),
      );
      return reading;
    };
    // Follows the events until the run completes; a stream that ends or fails before then (a restart,
    // a proxy's timeout) is opened again after a pause, with a fresh read so nothing in between is lost.
    const follow = async () => {
      await refresh();
      while (!abort.signal.aborted && !completed && !unreadable) {
        try {
          const response = await api.openRunEvents(identifier, abort.signal);
          setLive(true);
          await readEvents(response, () => void refresh());
        } catch {
          // Shown as not live; the next attempt follows.
        }
        setLive(false);
        if (abort.signal.aborted) return;
        await refresh();
        if (!completed && !unreadable) await pause(RECONNECT_MS, abort.signal);
      }
    };
    void follow();
    return () => abort.abort();
  }, [api, identifier, reloads]);

  return { run, error, live, reload: () => setReloads((n) => n + 1) };
}

/** The wait before a run's event stream is opened again. */
const RECONNECT_MS = 2_000;

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** A client error other than 429 will not change by asking again (gone, not visible, signed out). */
function isFinal(status: number): boolean {
  return status >= 400 && status < 500 && status !== 429;
}
