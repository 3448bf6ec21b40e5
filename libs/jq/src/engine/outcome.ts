import type { JqError } from '../errors';

/** What one evaluation ended with: every output, or a typed error. */
export type Outcome = { ok: true; outputs: unknown[] } | { ok: false; error: JqError };
