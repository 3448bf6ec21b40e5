import { between, type Random, shuffled } from './random';

export interface PlannedKill<App extends string = string> {
  app: App;
  /** How long after the app is up (at the start, or back from its previous kill) the kill begins. */
  gapMs: number;
  /**
   * Each kill first releases a new tranche of submissions, then strikes once as many submissions as this
   * share of the tranche have been answered since: the rest, and what is still running, is in flight.
   */
  answeredShare: number;
  /** How long it stays down before its restart. */
  downMs: number;
}

/**
 * `kills` kills spread evenly over the targets, in a random order; each waits 3–15 s after its app is
 * up, strikes after answers to 0–60% of a tranche of submissions, and keeps the app down for 0.5–3 s.
 */
export function planKills<App extends string>(
  random: Random,
  options: { kills: number; targets: readonly App[] },
): PlannedKill<App>[] {
  const { kills, targets } = options;
  if (targets.length === 0) throw new Error('no kill targets');
  const apps = shuffled(
    random,
    Array.from({ length: kills }, (_, i) => targets[i % targets.length]),
  );
  return apps.map((app) => ({
    app,
    gapMs: between(random, 3_000, 15_000),
    answeredShare: 0.6 * random(),
    downMs: between(random, 500, 3_000),
  }));
}

/**
 * Half the runs are submitted at once (a backlog to kill into); the other half in one tranche per kill,
 * released just before it. Returns the end (exclusive) of each release: [first, after kill 1, ...].
 */
export function submissionTranches(runs: number, kills: number): number[] {
  if (kills === 0) return [runs];
  const first = Math.ceil(runs / 2);
  const size = (runs - first) / kills;
  return [first, ...Array.from({ length: kills }, (_, i) => first + Math.round(size * (i + 1)))];
}
