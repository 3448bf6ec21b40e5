import type { KillTestResult } from './kill-test';

/** The kill test's figures as rows: the invariants first, then what explains them. */
export function killTestRows(result: KillTestResult): Array<{ figure: string; value: string | number }> {
  const f = result.figures;
  const byApp = Object.entries(f.killsByApp)
    .map(([app, count]) => `${app} ${count}`)
    .join(', ');
  const rows: Array<[string, string | number]> = [
    ['runs submitted', f.runsSubmitted],
    [
      'runs terminal',
      `${f.runsTerminal} (${f.runsSucceeded} SUCCESS, ${f.runsFailed} FAILED, ${f.runsCancelled} CANCELLED)`,
    ],
    ['stuck', f.stuck],
    ['started twice', f.startedTwice],
    ['kills', `${f.kills} (${byApp || 'none'})`],
    ['duplicate webhook deliveries with the same key', f.duplicateDeliveriesSameKey],
    ['deliveries with conflicting keys', f.deliveriesWithConflictingKeys],
    ['terminal status changes', f.terminalStatusChanges],
    ['node run terminal status changes', f.nodeTerminalStatusChanges],
    ['nodes started twice in a run', f.nodesStartedTwice],
    ['runs never created (submission accepted)', f.runsNeverCreated],
    ['submissions never accepted', f.submissionsGivenUp],
    ['submissions sent again by the client (same key)', f.submissionsRetried],
    [
      'resubmissions (same key) / answered with another run',
      `${f.resubmissions} / ${f.resubmissionsAnsweredWithAnotherRun}`,
    ],
    ['fewest runs in flight at a kill', f.minRunsInFlightAtKill],
    ['webhook deliveries', f.webhookDeliveries],
    ['keys delivered more than once', f.keysDeliveredMoreThanOnce],
    ['retry attempts delivered (attempt > 1)', f.retryAttemptsDelivered],
    ['terminal runs without a terminal event', f.terminalRunsWithoutEvent],
    ['run events delivered again (same message id)', f.eventsRedelivered],
    ['  of which older than the terminal event (ignored by id)', f.staleRedeliveriesAfterTerminal],
  ];
  return rows.map(([figure, value]) => ({ figure, value }));
}

/** The whole report as text: the table, the kills, why runs failed, and every broken invariant. */
export function printKillTestReport(
  result: KillTestResult,
  print: (text: string) => void = console.log,
): void {
  print(`\nkill test ${result.workflow} (seed ${result.seed}), ${(result.durationMs / 1000).toFixed(0)} s`);
  const rows = killTestRows(result);
  const width = Math.max(...rows.map((row) => row.figure.length));
  for (const row of rows) print(`  ${row.figure.padEnd(width)}  ${row.value}`);
  for (const kill of result.kills) {
    print(
      `  ${result.stopHow} ${kill.app} at ${(kill.atMs / 1000).toFixed(1)} s with ${kill.runsInFlight} runs in flight; ` +
        `down ${kill.downMs} ms, ready ${kill.restartMs} ms after its restart`,
    );
  }
  const reasons = Object.entries(result.failureReasons).sort((a, b) => b[1] - a[1]);
  if (reasons.length > 0) {
    print('runs that did not succeed, by reason:');
    for (const [reason, count] of reasons) print(`  ${count} × ${reason}`);
  }
  if (result.violations.length === 0) print('every invariant held.');
  else {
    print('BROKEN INVARIANTS:');
    for (const violation of result.violations) print(`  - ${violation}`);
  }
}
