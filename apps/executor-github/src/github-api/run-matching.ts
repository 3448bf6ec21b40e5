/** A workflow run as the list-runs endpoint shows it (the fields used to match it to a dispatch). */
export interface ListedRun {
  id: number;
  htmlUrl: string;
  displayTitle: string;
  createdAt: string;
  event: string;
}

/**
 * Which listed run a dispatch created, when GitHub did not say (older API, GitHub Enterprise Server).
 * GitHub does not link a `workflow_dispatch` to its run, so: a run whose title carries the idempotency key
 * (the workflow shows `inputs.flowline_run` in its `run-name`) is certain; otherwise the oldest run of the
 * same workflow and branch created since the dispatch that no other node run has claimed. Two dispatches
 * of one workflow on one branch within a second may then swap runs; `return_run_details` avoids that.
 */
export function pickDispatchedRun(
  runs: ListedRun[],
  dispatch: { since: Date; idempotencyKey: string; claimed: ReadonlySet<number> },
): ListedRun | undefined {
  const candidates = runs
    .filter((run) => run.event === 'workflow_dispatch')
    .filter((run) => !dispatch.claimed.has(run.id))
    .filter((run) => Date.parse(run.createdAt) >= wholeSecond(dispatch.since));
  const titled = candidates.find((run) => run.displayTitle.includes(dispatch.idempotencyKey));
  if (titled) return titled;
  return candidates.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id - b.id)[0];
}

/** GitHub's `created` times have whole seconds: compare from the start of the dispatch's second. */
export function wholeSecond(date: Date): number {
  return Math.floor(date.getTime() / 1000) * 1000;
}

/** The list-runs `created` filter for runs created since `since` (GitHub's search syntax). */
export function createdSinceFilter(since: Date): string {
  return `>=${new Date(wholeSecond(since)).toISOString().slice(0, 19)}Z`;
}
