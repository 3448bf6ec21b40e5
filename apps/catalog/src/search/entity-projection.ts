import { type Entity } from '../entities/entity.model';

/**
 * Port's `include` / `exclude` on entity searches: which fields of each entity to answer with, named
 * as `identifier`, `title`, `properties` or one level deeper, `properties.<x>` / `relations.<x>`.
 * `include` keeps only what it names (and `identifier`, so results stay addressable); `exclude` then
 * removes what it names.
 */
export function projectEntity(
  entity: Entity,
  include: readonly string[] = [],
  exclude: readonly string[] = [],
): Record<string, unknown> {
  let result: Record<string, unknown> = { ...entity };
  if (include.length > 0) {
    result = { identifier: entity.identifier };
    for (const path of include) copyPath(entity as unknown as Record<string, unknown>, result, path);
  }
  for (const path of exclude) removePath(result, path);
  return result;
}

function copyPath(from: Record<string, unknown>, to: Record<string, unknown>, path: string): void {
  const [head, ...rest] = path.split('.');
  if (!(head in from)) return;
  if (rest.length === 0) {
    to[head] = from[head];
    return;
  }
  const inner = from[head];
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return;
  const target = (to[head] ??= {}) as Record<string, unknown>;
  copyPath(inner as Record<string, unknown>, target, rest.join('.'));
}

function removePath(from: Record<string, unknown>, path: string): void {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) {
    delete from[head];
    return;
  }
  const inner = from[head];
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return;
  const copy = { ...(inner as Record<string, unknown>) };
  removePath(copy, rest.join('.'));
  from[head] = copy;
}
