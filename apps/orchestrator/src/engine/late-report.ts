import type { NodeReport } from './run-inputs';
import type { Transition } from './run-effects';
import type { NodeRunState, RunState } from './run-state';

/** An executor reporting on the attempt of a node run that was cancelled (by a cancel or the run's end). */
export function isLateForCancelled(nodeRun: NodeRunState, report: NodeReport): boolean {
  return (
    report.source === 'executor' &&
    nodeRun.status === 'COMPLETED' &&
    nodeRun.result === 'CANCELLED' &&
    (report.attempt === undefined || report.attempt === nodeRun.attempt)
  );
}

/** A result that arrives after its node run was cancelled: kept in its logs, it changes nothing else. */
export function recordLateReport(
  state: RunState,
  nodeRun: NodeRunState,
  report: NodeReport,
  at: Date,
): Transition {
  const outcome = report.status === 'COMPLETED' ? `COMPLETED ${report.result ?? ''}`.trim() : 'IN_PROGRESS';
  const tags = { late: 'true' };
  const logs = [
    {
      logLevel: 'WARN' as const,
      log: `late result of attempt ${report.attempt ?? nodeRun.attempt} after the node run was cancelled: ${outcome} (ignored)`,
      tags,
      at,
    },
    ...report.logs.map((line) => ({
      logLevel: line.logLevel,
      log: line.log ?? '',
      tags: { ...line.tags, ...tags },
      at,
    })),
  ];
  const attempt = report.attempt ?? nodeRun.attempt;
  return {
    applied: true,
    state,
    effects: [{ kind: 'appendLogs', nodeRunId: nodeRun.identifier, attempt, logs }],
  };
}
