import { type ExecutorBackend } from '@flowline/contracts';

/** The runtime's resolved settings, from the executor's config and its module options. */
export interface RuntimeSettings {
  backend: ExecutorBackend;
  workflowsUrl: string;
  jqPoolSize: number;
  jqTimeoutMs: number;
  /** How long a resolved secret value may be reused. */
  secretCacheTtlMs: number;
  /** How long a finished attempt is remembered, so a redelivered dispatch does not run twice. */
  recentExecutionTtlMs: number;
  /** How many finished attempts are remembered at most. */
  recentExecutionLimit: number;
  /** Largest NodeCompletedMessage (JSON bytes); a larger result loses its output. */
  maxResultBytes: number;
  /** How long a call to the workflows service may take. */
  secretRequestTimeoutMs: number;
}

export const RUNTIME_SETTINGS = Symbol('EXECUTOR_RUNTIME_SETTINGS');

/** Secrets may be rotated: a value is reused for a few seconds at most. */
export const MAX_SECRET_CACHE_TTL_MS = 10_000;
