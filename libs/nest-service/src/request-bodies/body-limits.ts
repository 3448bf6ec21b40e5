/**
 * What every service accepts as a request body (README "Request bodies"). The same defaults everywhere,
 * configurable per service through `HTTP_BODY_LIMIT_BYTES` and `HTTP_BODY_MAX_DEPTH`.
 *
 * 2 MiB fits the largest body any route needs: a workflow definition (512 KiB compact, pretty-printed up
 * to twice that) and a node-run PATCH (a 512 KiB output plus logs). Depth 64 is twice the deepest
 * definition the schema allows, and far below what would endanger the stack of a recursive validator.
 */
export interface RequestBodyLimits {
  maxBytes: number;
  maxDepth: number;
}

export const DEFAULT_REQUEST_BODY_LIMITS: Readonly<RequestBodyLimits> = Object.freeze({
  maxBytes: 2 * 1024 * 1024,
  maxDepth: 64,
});

/** Depth of the deepest object or array (the same count the workflow limits use; iterative, bounded). */
export { nestingDepth as jsonNestingDepth } from '@flowline/workflow-schema';

/**
 * The path of the first string (key or value) PostgreSQL could not store: a NUL character, which neither
 * `text` nor `jsonb` accepts, or a lone UTF-16 surrogate, which is no Unicode text at all. Iterative, and
 * run only on bodies already within the depth limit.
 */
export function unstorableTextPath(input: unknown): string | undefined {
  const pending: Array<[unknown, string]> = [[input, '']];
  while (pending.length > 0) {
    const [value, path] = pending.pop() as [unknown, string];
    if (typeof value === 'string') {
      if (!isStorableText(value)) return path;
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    for (const [key, child] of Object.entries(value)) {
      const childPath = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (!isStorableText(key)) return childPath;
      pending.push([child, childPath]);
    }
  }
  return undefined;
}

// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const NUL_OR_LONE_SURROGATE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isStorableText(text: string): boolean {
  return !NUL_OR_LONE_SURROGATE.test(text);
}

/** `application/json` and any `+json` media type, parameters ignored. */
export function isJsonContentType(contentType: string | undefined): boolean {
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

/** Whether a request carries a body at all (as body-parser's `type-is.hasBody` decides, minus empty ones). */
export function hasRequestBody(headers: Record<string, string | string[] | undefined>): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = Number(headers['content-length']);
  return Number.isFinite(length) && length > 0;
}
