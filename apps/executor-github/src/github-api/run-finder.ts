import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { ExecutorGithubConfig } from '../executor-github.config';
import { GithubAppClient, type RepositoryRef } from './github-app-client';
import { createdSinceFilter, type ListedRun, pickDispatchedRun } from './run-matching';

/** A dispatch whose run is still to be identified. */
export interface DispatchedWorkflow {
  repository: RepositoryRef;
  installationId: number;
  workflow: string;
  ref: string;
  /** Runs created before this (GitHub's clock) are not it. */
  since: Date;
  idempotencyKey: string;
}

/** Which of these GitHub run ids other node runs already own. */
export type ClaimedRuns = (githubRunIds: number[]) => Promise<ReadonlySet<number>>;

/**
 * Finds the run a dispatch created when GitHub did not name it: lists the workflow's dispatch runs on the
 * branch since the dispatch and picks one (see `pickDispatchedRun`). GitHub creates the run a moment after
 * accepting the dispatch, so `find` looks again for GITHUB_RUN_LOOKUP_TIMEOUT_MS.
 */
@Injectable()
export class RunFinder {
  constructor(
    private readonly github: GithubAppClient,
    private readonly config: ExecutorGithubConfig,
  ) {}

  async find(
    dispatch: DispatchedWorkflow,
    claimed: ClaimedRuns,
    signal?: AbortSignal,
  ): Promise<ListedRun | undefined> {
    const deadline = Date.now() + this.config.GITHUB_RUN_LOOKUP_TIMEOUT_MS;
    for (;;) {
      const found = await this.findOnce(dispatch, claimed, signal);
      if (found || Date.now() >= deadline || signal?.aborted) return found;
      await sleep(this.config.GITHUB_RUN_LOOKUP_INTERVAL_MS, undefined, { signal }).catch(() => undefined);
    }
  }

  async findOnce(
    dispatch: DispatchedWorkflow,
    claimed: ClaimedRuns,
    signal?: AbortSignal,
  ): Promise<ListedRun | undefined> {
    const runs = await this.github.listDispatchRuns(
      dispatch.repository,
      dispatch.installationId,
      {
        workflow: dispatch.workflow,
        branch: branchOf(dispatch.ref),
        created: createdSinceFilter(dispatch.since),
      },
      signal,
    );
    if (runs.length === 0) return undefined;
    const taken = await claimed(runs.map((run) => run.id));
    return pickDispatchedRun(runs, { ...dispatch, claimed: taken });
  }
}

/** A run's `head_branch` is the branch or tag name, without `refs/heads/` or `refs/tags/`. */
export function branchOf(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, '');
}
