import { createHash } from 'node:crypto';

/**
 * The identifier of an entity whose mapping names none (reference §5.3: generated when missing). It
 * follows from the node run, not the attempt, so a retried attempt upserts the same entity instead of
 * creating a second one; another node run (a re-run, another node) gets another entity. Same shape as
 * the catalog's own generated identifiers: `e_` + 16 hex digits.
 */
export function generatedEntityIdentifier(orgId: string, nodeRunId: string): string {
  return `e_${createHash('sha256').update(`${orgId}/${nodeRunId}`).digest('hex').slice(0, 16)}`;
}

/**
 * The X-Flowline-Chain-Depth of a write made by a run: one more than the run's own depth, so each
 * workflow-made entity change counts once more on its way back into the triggers service.
 */
export function writeChainDepth(runChainDepth: number | undefined): number {
  return (runChainDepth ?? 0) + 1;
}
