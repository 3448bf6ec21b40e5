import { Injectable } from '@nestjs/common';
import { ExecutorGithubConfig } from '../executor-github.config';
import { ExpiringCache } from '../github-api/expiring-cache';
import { GithubAppClient, type RepositoryRef } from '../github-api/github-app-client';
import { GithubCallError } from '../github-api/github-call-error';
import { RunFinder } from '../github-api/run-finder';
import { DispatchedRunsRepository } from '../run-tracking/dispatched-runs.repository';
import { type DispatchInputs, refusedIdempotencyInput, withoutIdempotencyKey } from './dispatch-inputs';
import { type GithubDispatchSpec } from './github-dispatch-spec';

export interface DispatchOutcome {
  installationId: number;
  ref: string;
  inputs: DispatchInputs;
  /** Runs created before this (GitHub's clock, a second of margin) are not this dispatch's. */
  since: Date;
  /** Null when GitHub did not name the run and it was not found within the lookup time. */
  run: { id: number; htmlUrl: string } | null;
}

/** Workflows that refused the idempotency input are remembered this long, so they are not asked again. */
const UNDECLARED_INPUT_TTL_MS = 3_600_000;

/**
 * One `workflow_dispatch` as this GitHub App: finds the repository's installation, defaults the ref to
 * the default branch, dispatches (again without `flowline_run` if the workflow does not declare it), and
 * identifies the run it started: from GitHub's answer when it gives one, else by listing runs.
 */
@Injectable()
export class WorkflowDispatcher {
  private readonly undeclaredKeyInput = new ExpiringCache<true>(UNDECLARED_INPUT_TTL_MS);

  constructor(
    private readonly github: GithubAppClient,
    private readonly finder: RunFinder,
    private readonly runs: DispatchedRunsRepository,
    private readonly config: ExecutorGithubConfig,
  ) {}

  async dispatch(
    spec: GithubDispatchSpec,
    prepared: DispatchInputs,
    idempotencyKey: string,
    signal?: AbortSignal,
  ): Promise<DispatchOutcome> {
    const repository: RepositoryRef = { owner: spec.owner, repo: spec.repo };
    const installationId = await this.github.installationOf(repository, signal);
    const ref = prepared.ref ?? (await this.github.defaultBranchOf(repository, installationId, signal));
    const workflowKey = `${spec.owner}/${spec.repo}/${spec.workflow}`.toLowerCase();
    let inputs = this.undeclaredKeyInput.get(workflowKey) ? withoutIdempotencyKey(prepared) : prepared;

    const startedAt = Date.now();
    const send = (sent: DispatchInputs) =>
      this.github.dispatch(
        repository,
        installationId,
        spec.workflow,
        { ref, inputs: sent.inputs, returnRunDetails: this.config.GITHUB_RETURN_RUN_DETAILS },
        signal,
      );
    let response;
    try {
      response = await send(inputs);
    } catch (error) {
      const refused =
        error instanceof GithubCallError && refusedIdempotencyInput(error.status, error.githubMessage);
      if (!refused || !inputs.carriesIdempotencyKey) throw this.forgetOnNotFound(error, repository);
      // GitHub refused the dispatch (a 422 creates no run), so sending it again is safe.
      this.undeclaredKeyInput.set(workflowKey, true);
      inputs = withoutIdempotencyKey(inputs);
      response = await send(inputs).catch((again: unknown) => {
        throw this.forgetOnNotFound(again, repository);
      });
    }

    const serverNow = response.serverTime?.getTime() ?? Date.now();
    const since = new Date(serverNow - (Date.now() - startedAt) - 1_000);
    const run =
      response.run ??
      (await this.finder.find(
        { repository, installationId, workflow: spec.workflow, ref, since, idempotencyKey },
        (ids) => this.runs.claimedGithubRuns(ids),
        signal,
      )) ??
      null;
    return { installationId, ref, inputs, since, run: run && { id: run.id, htmlUrl: run.htmlUrl } };
  }

  /** A 404 may mean the app lost access: the cached installation must not outlive that. */
  private forgetOnNotFound(error: unknown, repository: RepositoryRef): unknown {
    if (error instanceof GithubCallError && error.status === 404) this.github.forgetRepository(repository);
    return error;
  }
}
