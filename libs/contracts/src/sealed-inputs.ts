/**
 * Secret user inputs (`encryption: "aes256-gcm"` on a trigger's input) travel and rest sealed: the value
 * is replaced, as soon as the submission is validated, by a string `flowline:sealed:v1:<base64url>` that
 * only the workflows service can open, for an executor about to render a node. Everything else — the
 * run request, the orchestrator's rows and messages, conditions — sees only that opaque string, and the
 * API shows it masked.
 */
export const SEALED_INPUT_PREFIX = 'flowline:sealed:v1:';

/** What the API shows in place of a sealed input (the same mask executors put over secret values). */
export const SEALED_INPUT_MASK = '***';

const SEALED_INPUT = /^flowline:sealed:v1:[A-Za-z0-9_-]{38,}$/;

export function isSealedInput(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(SEALED_INPUT_PREFIX) && SEALED_INPUT.test(value);
}

/** Every sealed input inside a JSON value, once each. */
export function findSealedInputs(value: unknown): string[] {
  const found = new Set<string>();
  const walk = (item: unknown): void => {
    if (typeof item === 'string') {
      if (isSealedInput(item)) found.add(item);
    } else if (Array.isArray(item)) item.forEach(walk);
    else if (item !== null && typeof item === 'object') Object.values(item).forEach(walk);
  };
  walk(value);
  return [...found];
}

/**
 * A copy of a JSON value with each sealed input replaced by `replace(sealed)`; the value itself when it
 * holds none (the common case costs one walk and no copy).
 */
export function replaceSealedInputs<T>(value: T, replace: (sealed: string) => unknown): T {
  if (findSealedInputs(value).length === 0) return value;
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return isSealedInput(item) ? replace(item) : item;
    if (Array.isArray(item)) return item.map(walk);
    if (item !== null && typeof item === 'object') {
      const copy: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(item)) {
        Object.defineProperty(copy, key, {
          value: walk(child),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return copy;
    }
    return item;
  };
  return walk(value) as T;
}

/** A copy of a JSON value fit to show: sealed inputs masked. */
export function maskSealedInputs<T>(value: T): T {
  return replaceSealedInputs(value, () => SEALED_INPUT_MASK);
}
