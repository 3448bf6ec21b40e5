/** What the service knows about a workflow before saving a new version of it. */
export interface WorkflowState {
  latestVersion: number;
  isDeleted: boolean;
}

/**
 * What saving a definition does, decided without I/O:
 * - `create`: a new identifier starts at version 1;
 * - `revive`: creating over a soft-deleted workflow continues its numbering, so versions that runs were
 *   pinned to keep their meaning and stay immutable;
 * - `update`: every save is a new version, one above the latest;
 * - `conflict` / `not_found`: the caller's mistake (409 / 404).
 */
export type CreateDecision =
  { kind: 'create'; version: 1 } | { kind: 'revive'; version: number } | { kind: 'conflict' };

export type UpdateDecision = { kind: 'update'; version: number } | { kind: 'not_found' };

export function decideCreate(existing: WorkflowState | null): CreateDecision {
  if (!existing) return { kind: 'create', version: 1 };
  if (!existing.isDeleted) return { kind: 'conflict' };
  return { kind: 'revive', version: existing.latestVersion + 1 };
}

export function decideUpdate(existing: WorkflowState | null): UpdateDecision {
  if (!existing || existing.isDeleted) return { kind: 'not_found' };
  return { kind: 'update', version: existing.latestVersion + 1 };
}
