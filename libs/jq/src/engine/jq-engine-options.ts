export interface JqEngineOptions {
  /** Worker threads running the reference engine (jq-wasm). Default 2. */
  poolSize?: number;
  /** Time limit of one reference evaluation, in milliseconds. Default 1000. */
  timeoutMs?: number;
  /** Largest input, as UTF-8 JSON text. Default 1 MiB. */
  maxInputBytes?: number;
  /** Largest output of one evaluation (all outputs as a JSON array, UTF-8). Default 1 MiB. */
  maxOutputBytes?: number;
  /** Expressions whose fast-path compilation (or refusal) is remembered. Default 1000. */
  cacheSize?: number;
  /** Set false to send every evaluation to the reference engine (benchmarks, differential tests). */
  fastPath?: boolean;
}

export type ResolvedJqEngineOptions = Required<JqEngineOptions>;

export function resolveOptions(options: JqEngineOptions = {}): ResolvedJqEngineOptions {
  const resolved = {
    poolSize: options.poolSize ?? 2,
    timeoutMs: options.timeoutMs ?? 1000,
    maxInputBytes: options.maxInputBytes ?? 1 << 20,
    maxOutputBytes: options.maxOutputBytes ?? 1 << 20,
    cacheSize: options.cacheSize ?? 1000,
    fastPath: options.fastPath ?? true,
  };
  for (const key of ['poolSize', 'timeoutMs', 'maxInputBytes', 'maxOutputBytes'] as const) {
    if (!(resolved[key] > 0)) throw new RangeError(`JqEngineOptions.${key} must be a positive number`);
  }
  if (!(resolved.cacheSize >= 0)) throw new RangeError('JqEngineOptions.cacheSize must not be negative');
  return resolved;
}
