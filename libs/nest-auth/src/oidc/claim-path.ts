/**
 * The value of a claim path in a token's payload: the claim named exactly (namespaced claims such as
 * `https://example.com/roles` contain dots), else the path followed through nested objects
 * (`realm_access.roles`).
 */
export function readClaim(payload: Record<string, unknown>, path: string): unknown {
  if (Object.prototype.hasOwnProperty.call(payload, path)) return payload[path];
  let value: unknown = payload;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A list of names from a claim: an array of strings, or one string (space- or comma-separated). */
export function readNames(payload: Record<string, unknown>, path: string): string[] {
  const value = readClaim(payload, path);
  const names = Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : typeof value === 'string'
      ? value.split(/[\s,]+/)
      : [];
  return [...new Set(names.map((name) => name.trim()).filter(Boolean))];
}
