import type { AttemptOutcome } from '../engine/run-effects';
import type { RunState } from '../engine/run-state';
import { NodeRunAttemptEntity, type NodeRunLogEntity } from './node-run.entity';
import { toNodeRunRow, toRunRow } from './run-state-mapper';
import { toRunView, type RunView } from './run-view';

/** A view larger than this is left off the event; whoever needs it reads the run instead. */
const MAX_EVENT_VIEW_BYTES = 64 * 1024;

/**
 * The run as `GET /v1/workflows/runs/{id}` will show it, built from the rows the creating transition
 * writes (every row of a new run is written by that transition), so the event announcing the run can
 * carry it and the submitter's answer needs no read of the run.
 */
export function createdRunView(
  state: RunState,
  logs: Array<Partial<NodeRunLogEntity>>,
  started: Array<{ nodeRunId: string; attempt: number; at: Date }>,
  completed: AttemptOutcome[],
): RunView | undefined {
  const attempts = new Map<string, NodeRunAttemptEntity>();
  for (const start of started)
    attempts.set(
      `${start.nodeRunId}:${start.attempt}`,
      Object.assign(new NodeRunAttemptEntity(), {
        orgId: state.orgId,
        nodeRunIdentifier: start.nodeRunId,
        attempt: start.attempt,
        status: 'IN_PROGRESS' as const,
        result: null,
        error: null,
        startedAt: start.at,
        completedAt: null,
      }),
    );
  for (const outcome of completed) {
    const key = `${outcome.nodeRunId}:${outcome.attempt}`;
    const attempt =
      attempts.get(key) ??
      Object.assign(new NodeRunAttemptEntity(), {
        orgId: state.orgId,
        nodeRunIdentifier: outcome.nodeRunId,
        attempt: outcome.attempt,
        startedAt: outcome.at,
      });
    attempts.set(
      key,
      Object.assign(attempt, {
        status: 'COMPLETED' as const,
        result: outcome.result,
        error: outcome.error,
        completedAt: outcome.at,
      }),
    );
  }
  const view = toRunView(
    toRunRow(state),
    state.nodeRuns.map((nodeRun) => toNodeRunRow(state, nodeRun)),
    logs as NodeRunLogEntity[],
    [...attempts.values()],
  );
  return Buffer.byteLength(JSON.stringify(view)) <= MAX_EVENT_VIEW_BYTES ? view : undefined;
}
