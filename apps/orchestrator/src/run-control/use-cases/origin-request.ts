import { newId } from '@flowline/contracts';
import type { Principal } from '@flowline/nest-auth';
import type { RunRequest } from '../../engine/run-engine';
import type { RunOrigin } from '../../engine/run-state';
import type { StoredRun } from '../../runs/run.repository';

/**
 * A new run made from a stored one: the same trigger with the same inputs (the trigger node run's raw
 * output), started by the caller, on the given definition. Its run key is its own id: every re-run or
 * retry request makes a new run.
 */
export function requestFromOrigin(
  origin: StoredRun,
  principal: Principal,
  kind: RunOrigin['kind'],
  pinned: { definition: unknown; version: number },
): RunRequest {
  const runId = newId('workflowRun');
  const trigger = origin.run.trigger as RunRequest['trigger'];
  const triggerRun = origin.nodeRuns.find((nodeRun) => nodeRun.nodeIdentifier === trigger.nodeIdentifier);
  return {
    runId,
    orgId: origin.run.orgId,
    runKey: `${kind}:${runId}`,
    workflow: pinned.definition,
    workflowVersion: pinned.version,
    trigger: {
      kind: trigger.kind,
      nodeIdentifier: trigger.nodeIdentifier,
      by: { actorId: principal.actorId, kind: principal.kind },
      output: triggerRun?.rawOutput ?? {},
    },
    chainDepth: origin.run.chainDepth,
    origin: { kind, runId: origin.run.identifier },
  };
}
