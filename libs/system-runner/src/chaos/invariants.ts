import { checkDeliveries } from './delivery-checks';
import type { RunEvent } from './run-events';
import { checkTerminalStatuses } from './status-checks';
import type { SinkRequest } from './webhook-sink';

/** One submission (one Idempotency-Key), possibly sent several times until an answer was accepted. */
export interface SubmissionRecord {
  key: string;
  /** The run the accepted answer (201 or 202) named; undefined when none was accepted. */
  runId?: string;
  /** How many times it was sent before an answer was accepted (or given up). */
  tries: number;
  /** Why it was given up, when it was. */
  error?: string;
}

/** The same key sent again during the chaos, after its first answer. */
export interface ResubmissionRecord {
  key: string;
  firstRunId: string;
  /** The run the answer named; undefined when the resubmission got no accepted answer. */
  runId?: string;
  answer: string;
}

export interface AttemptRecord {
  attempt: number;
  status: string;
  result: string | null;
}

export interface NodeRunRecord {
  identifier: string;
  node: string;
  status: string;
  result: string | null;
  attempt: number;
  attempts: AttemptRecord[];
  /** The last ERROR log line, to explain a failure. */
  error?: string;
}

/** A run as `GET /v1/workflows/runs/{id}` shows it at the end. */
export interface RunRecord {
  identifier: string;
  status: string;
  result: string | null;
  nodeRuns: NodeRunRecord[];
}

export interface KillRecord {
  app: string;
  /** When it was killed, ms after the test started. */
  atMs: number;
  /** Runs submitted and not yet seen COMPLETED at that moment. */
  runsInFlight: number;
  /** How long it stayed down before its restart began. */
  downMs: number;
  /** How long the restart took until the service was ready. */
  restartMs: number;
}

export interface KillTestObservations {
  submissions: readonly SubmissionRecord[];
  resubmissions: readonly ResubmissionRecord[];
  /** Every run of the test's workflow that the API lists. */
  listedRunIds: readonly string[];
  /** The API's view of each submitted run; a run the API does not know is missing. */
  runs: ReadonlyMap<string, RunRecord>;
  sinkRequests: readonly SinkRequest[];
  events: readonly RunEvent[];
  kills: readonly KillRecord[];
}

export interface KillTestFigures {
  runsSubmitted: number;
  submissionsGivenUp: number;
  /** Submissions the client had to send more than once (no answer, 5xx): the same key each time. */
  submissionsRetried: number;
  runsTerminal: number;
  runsSucceeded: number;
  runsFailed: number;
  runsCancelled: number;
  stuck: number;
  /** Accepted submissions whose run the API does not know (counted in `stuck` too). */
  runsNeverCreated: number;
  startedTwice: number;
  nodesStartedTwice: number;
  resubmissions: number;
  resubmissionsAnsweredWithAnotherRun: number;
  kills: number;
  killsByApp: Record<string, number>;
  minRunsInFlightAtKill: number;
  webhookDeliveries: number;
  duplicateDeliveriesSameKey: number;
  keysDeliveredMoreThanOnce: number;
  retryAttemptsDelivered: number;
  deliveriesWithConflictingKeys: number;
  terminalStatusChanges: number;
  nodeTerminalStatusChanges: number;
  terminalRunsWithoutEvent: number;
  eventsRedelivered: number;
  /**
   * Redelivered events that, read naively, would undo a terminal status (an old IN_PROGRESS published
   * again after the COMPLETED): harmless to a reader that deduplicates by message id, as the checks do.
   */
  staleRedeliveriesAfterTerminal: number;
}

export interface KillTestVerdict {
  figures: KillTestFigures;
  /** Each broken invariant, with examples; empty when the system held. */
  violations: string[];
}

const EXAMPLES = 5;

/**
 * The kill test's checks, on what was observed (pure, so they are tested without a system): every run
 * terminal, each submission one run, every webhook delivery explained by its node run's attempts, and no
 * terminal status that changed afterwards (in the run events or between the events and the API).
 */
export function checkInvariants(observed: KillTestObservations): KillTestVerdict {
  const violations: string[] = [];
  const report = (count: number, what: string, examples: string[]) => {
    if (count > 0) violations.push(`${count} ${what}: ${examples.slice(0, EXAMPLES).join('; ')}`);
  };

  const accepted = observed.submissions.filter((submission) => submission.runId !== undefined);
  const submittedRuns = new Set(accepted.map((submission) => submission.runId as string));
  const givenUp = observed.submissions.filter((submission) => submission.runId === undefined);
  report(
    givenUp.length,
    'submissions never accepted',
    givenUp.map((s) => `${s.key}: ${s.error}`),
  );

  // Terminal or not, as the API says at the end.
  const records = [...submittedRuns].map((runId) => observed.runs.get(runId));
  const terminal = records.filter((run): run is RunRecord => run?.status === 'COMPLETED');
  const neverCreated = [...submittedRuns].filter((runId) => !observed.runs.has(runId));
  const stuck = [...submittedRuns].filter((runId) => observed.runs.get(runId)?.status !== 'COMPLETED');
  report(
    stuck.length,
    'runs not terminal',
    stuck.map((id) => describeStuck(id, observed.runs.get(id))),
  );

  // One run per submission.
  const extraRuns = observed.listedRunIds.filter((runId) => !submittedRuns.has(runId));
  report(extraRuns.length, 'runs that no submission answered with', extraRuns);
  const sharedRuns = accepted.length - submittedRuns.size;
  report(sharedRuns, 'submissions answered with the run of another key', [...duplicates(accepted)]);
  const otherRun = observed.resubmissions.filter((r) => r.runId !== undefined && r.runId !== r.firstRunId);
  report(
    otherRun.length,
    'resubmissions answered with another run',
    otherRun.map((r) => `${r.key}: ${r.firstRunId} then ${r.runId}`),
  );
  const allNodesTwice = records.flatMap((run) => (run ? nodesStartedTwice(run) : []));
  report(allNodesTwice.length, 'nodes started twice in one run', allNodesTwice);

  const deliveries = checkDeliveries(observed.sinkRequests, observed.runs);
  report(deliveries.conflicting.length, 'webhook deliveries with conflicting keys', deliveries.conflicting);

  const changes = checkTerminalStatuses(observed.events, observed.runs);
  report(changes.runs.length, 'runs whose terminal status changed', changes.runs);
  report(changes.nodeRuns.length, 'node runs whose terminal status changed', changes.nodeRuns);
  report(changes.missing.length, 'terminal runs without a terminal run event', changes.missing);

  const killsByApp: Record<string, number> = {};
  for (const kill of observed.kills) killsByApp[kill.app] = (killsByApp[kill.app] ?? 0) + 1;
  return {
    figures: {
      runsSubmitted: submittedRuns.size,
      submissionsGivenUp: givenUp.length,
      submissionsRetried: observed.submissions.filter((submission) => submission.tries > 1).length,
      runsTerminal: terminal.length,
      runsSucceeded: terminal.filter((run) => run.result === 'SUCCESS').length,
      runsFailed: terminal.filter((run) => run.result === 'FAILED').length,
      runsCancelled: terminal.filter((run) => run.result === 'CANCELLED').length,
      stuck: stuck.length,
      runsNeverCreated: neverCreated.length,
      startedTwice: extraRuns.length + sharedRuns + otherRun.length,
      nodesStartedTwice: allNodesTwice.length,
      resubmissions: observed.resubmissions.length,
      resubmissionsAnsweredWithAnotherRun: otherRun.length,
      kills: observed.kills.length,
      killsByApp,
      minRunsInFlightAtKill:
        observed.kills.length > 0 ? Math.min(...observed.kills.map((kill) => kill.runsInFlight)) : 0,
      webhookDeliveries: observed.sinkRequests.length,
      duplicateDeliveriesSameKey: deliveries.duplicates,
      keysDeliveredMoreThanOnce: deliveries.keysRepeated,
      retryAttemptsDelivered: deliveries.retryAttempts,
      deliveriesWithConflictingKeys: deliveries.conflicting.length,
      terminalStatusChanges: changes.runs.length,
      nodeTerminalStatusChanges: changes.nodeRuns.length,
      terminalRunsWithoutEvent: changes.missing.length,
      eventsRedelivered: changes.redelivered,
      staleRedeliveriesAfterTerminal: changes.staleRedeliveries,
    },
    violations,
  };
}

function describeStuck(runId: string, run: RunRecord | undefined): string {
  if (!run) return `${runId} (unknown to the API)`;
  const open = run.nodeRuns
    .filter((nodeRun) => nodeRun.status !== 'COMPLETED')
    .map((nodeRun) => `${nodeRun.node} ${nodeRun.identifier} attempt ${nodeRun.attempt}`);
  return `${runId} ${run.status} (open: ${open.join(', ') || 'none'})`;
}

function* duplicates(accepted: readonly SubmissionRecord[]): Generator<string> {
  const byRun = new Map<string, string>();
  for (const submission of accepted) {
    const runId = submission.runId as string;
    const earlier = byRun.get(runId);
    if (earlier) yield `${earlier} and ${submission.key} → ${runId}`;
    else byRun.set(runId, submission.key);
  }
}

function nodesStartedTwice(run: RunRecord): string[] {
  const seen = new Map<string, number>();
  for (const nodeRun of run.nodeRuns) seen.set(nodeRun.node, (seen.get(nodeRun.node) ?? 0) + 1);
  return [...seen]
    .filter(([, count]) => count > 1)
    .map(([node, count]) => `${run.identifier}/${node} ×${count}`);
}
