import type { RunRecord } from './invariants';
import type { RunEvent } from './run-events';

export interface StatusFindings {
  runs: string[];
  nodeRuns: string[];
  missing: string[];
  redelivered: number;
  staleRedeliveries: number;
}

/**
 * Reads the events in topic order, each message id once (a message published again after a crash is
 * the same message): once a run or node run was COMPLETED with a result, a later event with another
 * status or result is a change; so is an API status that differs from the terminal event.
 */
export function checkTerminalStatuses(
  events: readonly RunEvent[],
  runs: ReadonlyMap<string, RunRecord>,
): StatusFindings {
  const seen = new Set<string>();
  const terminalOf = new Map<string, string>();
  const runChanges = new Set<string>();
  const nodeRunChanges = new Set<string>();
  const runLines: string[] = [];
  const nodeRunLines: string[] = [];
  let staleRedeliveries = 0;
  for (const event of events) {
    const isRun = event.type === 'WORKFLOW_RUN_STATUS_CHANGED';
    const subject = isRun ? event.runId : event.nodeRunId;
    const now = `${event.status}${event.result ? `/${event.result}` : ''}`;
    const before = subject ? terminalOf.get(subject) : undefined;
    if (seen.has(event.id)) {
      if (before !== undefined && before !== now) staleRedeliveries += 1;
      continue;
    }
    seen.add(event.id);
    if (!subject) continue;
    if (before === undefined) {
      if (event.status === 'COMPLETED') terminalOf.set(subject, now);
    } else if (before !== now) {
      const changes = isRun ? runChanges : nodeRunChanges;
      if (!changes.has(subject)) (isRun ? runLines : nodeRunLines).push(`${subject}: ${before} then ${now}`);
      changes.add(subject);
    }
  }
  const missing: string[] = [];
  for (const run of runs.values()) {
    const fromEvents = terminalOf.get(run.identifier);
    const fromApi = `${run.status}${run.result ? `/${run.result}` : ''}`;
    if (run.status === 'COMPLETED' && fromEvents === undefined) missing.push(run.identifier);
    else if (fromEvents !== undefined && fromEvents !== fromApi && !runChanges.has(run.identifier)) {
      runChanges.add(run.identifier);
      runLines.push(`${run.identifier}: ${fromEvents} in the events, ${fromApi} in the API`);
    }
  }
  return {
    runs: runLines,
    nodeRuns: nodeRunLines,
    missing,
    redelivered: events.length - seen.size,
    staleRedeliveries,
  };
}
