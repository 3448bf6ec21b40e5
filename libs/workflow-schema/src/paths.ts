/** Key segments that can be written with a dot; anything else is written as `["key"]`. */
const DOTTABLE_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Appends one segment to a JSON path in the `nodes[2].config.url` notation. Numbers become indexes;
 * keys that are not plain names (spaces, hyphens, dots) are quoted so the path stays unambiguous.
 */
export function childPath(base: string, segment: string | number): string {
  if (typeof segment === 'number') return `${base}[${segment}]`;
  if (!DOTTABLE_KEY.test(segment)) return `${base}[${JSON.stringify(segment)}]`;
  return base === '' ? segment : `${base}.${segment}`;
}

export function joinPath(...segments: Array<string | number>): string {
  return segments.reduce<string>((path, segment) => childPath(path, segment), '');
}

/** True when `path` is `prefix` itself or lies below it. */
export function isWithinPath(path: string, prefix: string): boolean {
  if (prefix === '') return true;
  if (!path.startsWith(prefix)) return false;
  const next = path.charAt(prefix.length);
  return next === '' || next === '.' || next === '[';
}
