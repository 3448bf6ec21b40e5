import { Injectable } from '@nestjs/common';
import { PeriodicTask } from '@flowline/nest-observability';
import { ExecutorGithubConfig } from '../executor-github.config';
import { GithubAppClient } from '../github-api/github-app-client';
import { RunFinder } from '../github-api/run-finder';
import { CompleteDispatchedRun } from './complete-dispatched-run';
import { type DispatchedRun, DispatchedRunsRepository } from './dispatched-runs.repository';

/** Due runs polled per sweep at most. */
const POLLS_PER_SWEEP = 20;
/** How often to look for due polls (at most; less often when the poll interval is shorter). */
const MAX_TICK_MS = 1_000;
/** Finished dispatches are kept this long (redelivered dispatches and late webhooks find them). */
const RETENTION_MS = 7 * 24 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;

/**
 * The fallback when no `workflow_run` webhook arrives: asks GitHub for the status of runs whose poll is
 * due (GITHUB_STATUS_POLL_AFTER_MS after the dispatch, then every GITHUB_STATUS_POLL_INTERVAL_MS), and
 * completes the node run when GitHub says the run completed. Identifies runs that were not found at
 * dispatch time, and gives up after GITHUB_STATUS_GIVE_UP_AFTER_MS. State is in the database, so a
 * restart or another replica carries on.
 */
@Injectable()
export class RunStatusSweeper extends PeriodicTask {
  private prunedAt = 0;

  constructor(
    private readonly runs: DispatchedRunsRepository,
    private readonly completion: CompleteDispatchedRun,
    private readonly github: GithubAppClient,
    private readonly finder: RunFinder,
    private readonly config: ExecutorGithubConfig,
  ) {
    super();
  }

  protected get intervalMs(): number {
    return Math.min(MAX_TICK_MS, this.config.GITHUB_STATUS_POLL_INTERVAL_MS);
  }

  protected runOnce(): Promise<number> {
    return this.sweep();
  }

  /** Polls the due runs once; returns how many node runs it completed. */
  async sweep(): Promise<number> {
    const due = await this.runs.takeDuePolls(POLLS_PER_SWEEP, this.config.GITHUB_STATUS_POLL_INTERVAL_MS);
    let completed = 0;
    for (const run of due) {
      const done = await this.poll(run).catch((error: unknown) => {
        this.logger.warn({
          message: `polling a GitHub run failed, will retry: ${String(error)}`,
          ...idsOf(run),
        });
        return false;
      });
      if (done) completed += 1;
    }
    if (Date.now() - this.prunedAt > PRUNE_EVERY_MS) {
      this.prunedAt = Date.now();
      await this.runs.pruneFinished(new Date(Date.now() - RETENTION_MS));
    }
    return completed;
  }

  private async poll(run: DispatchedRun): Promise<boolean> {
    const waited = Date.now() - run.dispatchedAt.getTime();
    if (waited >= this.config.GITHUB_STATUS_GIVE_UP_AFTER_MS) return this.completion.abandon(run, waited);
    const identified = run.githubRunId === null ? await this.identify(run) : run;
    if (identified?.githubRunId == null) return false;
    const repository = { owner: run.owner, repo: run.repo };
    const state = await this.github.getRun(repository, run.installationId, identified.githubRunId);
    if (state.status !== 'completed') return false;
    const runUrl = identified.runUrl ?? state.htmlUrl;
    return this.completion.fromConclusion({ ...identified, runUrl }, state.conclusion, 'poll');
  }

  /** A dispatch whose run was not found at dispatch time: look for it once more. */
  private async identify(run: DispatchedRun): Promise<DispatchedRun | undefined> {
    const found = await this.finder.findOnce(
      {
        repository: { owner: run.owner, repo: run.repo },
        installationId: run.installationId,
        workflow: run.workflow,
        ref: run.ref,
        since: run.dispatchedAt,
        idempotencyKey: `${run.nodeRunId}:${run.attempt}`,
      },
      (ids) => this.runs.claimedGithubRuns(ids),
    );
    if (!found || !(await this.runs.attachGithubRun(run, found.id, found.htmlUrl))) return undefined;
    return { ...run, githubRunId: found.id, runUrl: found.htmlUrl };
  }
}

function idsOf(run: DispatchedRun) {
  return { orgId: run.orgId, runId: run.runId, nodeRunId: run.nodeRunId, attempt: run.attempt };
}
