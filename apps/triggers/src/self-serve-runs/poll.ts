export interface PollOptions {
  /** Give up after this long (the first probe always runs). */
  timeoutMs: number;
  /** Pause after the first unanswered probe; it grows by half each time, up to `maxIntervalMs`. */
  initialIntervalMs?: number;
  maxIntervalMs?: number;
  /** Stops polling (resolving undefined) once aborted. */
  signal?: AbortSignal;
}

/**
 * Probes until it answers (anything but undefined) or time is up, backing off between probes. Returns the
 * answer, or undefined when time ran out. A probe that throws counts as no answer yet.
 */
export async function pollUntil<T>(
  probe: (remainingMs: number) => Promise<T | undefined>,
  { timeoutMs, initialIntervalMs = 20, maxIntervalMs = 250, signal }: PollOptions,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  let interval = initialIntervalMs;
  for (;;) {
    if (signal?.aborted) return undefined;
    const remaining = deadline - Date.now();
    const answer = await probe(Math.max(remaining, 1)).catch(() => undefined);
    if (answer !== undefined) return answer;
    const left = deadline - Date.now();
    if (left <= 0) return undefined;
    await new Promise((resolve) => setTimeout(resolve, Math.min(interval, left)));
    interval = Math.min(Math.ceil(interval * 1.5), maxIntervalMs);
  }
}
