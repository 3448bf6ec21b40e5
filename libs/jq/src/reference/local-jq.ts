import { loadJq, type Jq } from 'jq-wasm';

let handle: Promise<Jq> | undefined;

/**
 * One jq-wasm instance on the calling thread, for work that is bounded by construction (compiling
 * without evaluating). Anything that evaluates user expressions runs in the worker pool instead.
 */
export function localJq(): Promise<Jq> {
  if (!handle) {
    handle = loadJq();
    // A failed load must not poison every later call.
    handle.catch(() => (handle = undefined));
  }
  return handle;
}
