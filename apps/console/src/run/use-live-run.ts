import { useEffect, useState } from 'react';
import type { FlowlineApi } from '../api/flowline-api';
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
    let reading: Promise<void> = Promise.resolve();
    const refresh = () => {
      // One read at a time, in order: the last answer is the newest state.
      reading = reading.then(() =>
        api.run(identifier).then(
          (fresh) => {
            if (!abort.signal.aborted) setRun(fresh);
          },
          (problem: Error) => setError(problem.message),
        ),
      );
    };
    refresh();
    api
      .openRunEvents(identifier, abort.signal)
      .then((response) => {
        setLive(true);
        return readEvents(response, refresh);
      })
      .catch(() => undefined)
      .finally(() => {
        setLive(false);
        if (!abort.signal.aborted) refresh();
      });
    return () => abort.abort();
  }, [api, identifier, reloads]);

  return { run, error, live, reload: () => setReloads((n) => n + 1) };
}
