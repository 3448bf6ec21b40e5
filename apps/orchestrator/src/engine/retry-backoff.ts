import type { RetryPolicy } from '@flowline/workflow-schema';

/**
 * How long to wait before the attempt after `failedAttempt` (1-based): exponential backoff capped at
 * `maxIntervalMs`, with full jitter when asked so retries of many runs do not hit a backend in lockstep.
 */
export function retryDelayMs(
  policy: Required<RetryPolicy>,
  failedAttempt: number,
  random: () => number,
): number {
  const exponential = policy.initialIntervalMs * policy.backoffRate ** (failedAttempt - 1);
  const capped = Math.min(policy.maxIntervalMs, exponential);
  return Math.floor(policy.jitter ? random() * capped : capped);
}
