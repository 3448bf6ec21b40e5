import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ExecutorGithubConfig } from '../executor-github.config';
import { ExpiringCache } from './expiring-cache';
import { toGithubCallError } from './github-call-error';
import { loadOctokitApp, type OctokitAppModule } from './octokit-app-loader';
import { type ListedRun } from './run-matching';

type GithubApp = InstanceType<OctokitAppModule['App']>;
type Octokit = GithubApp['octokit'];
type OctokitClass = NonNullable<ConstructorParameters<OctokitAppModule['App']>[0]['Octokit']>;

export interface RepositoryRef {
  owner: string;
  repo: string;
}

export interface WorkflowRunState {
  id: number;
  status: string;
  conclusion: string | null;
  htmlUrl: string;
}

export interface DispatchResponse {
  /** The run GitHub created, when it said (`return_run_details`). */
  run?: { id: number; htmlUrl: string };
  /** GitHub's clock when it answered (its `Date` header). */
  serverTime?: Date;
}

/** Which installation reaches a repository, and a repository's default branch, change rarely. */
const REPOSITORY_CACHE_TTL_MS = 10 * 60_000;

/**
 * GitHub's REST API as this GitHub App (`@octokit/app`): app JWT to find a repository's installation,
 * installation tokens (issued, cached and renewed by octokit) for everything else. Every call has a time
 * limit, follows the attempt's abort signal, and fails with a classified GithubCallError.
 */
@Injectable()
export class GithubAppClient implements OnModuleInit {
  private readonly logger = new Logger('GitHubApi');
  private app?: GithubApp;
  private readonly installations = new ExpiringCache<number>(REPOSITORY_CACHE_TTL_MS);
  private readonly defaultBranches = new ExpiringCache<string>(REPOSITORY_CACHE_TTL_MS);
  private readonly octokits = new Map<number, Promise<Octokit>>();

  constructor(private readonly config: ExecutorGithubConfig) {}

  async onModuleInit(): Promise<void> {
    const { App } = await loadOctokitApp();
    const log = {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => this.logger.warn(message),
      error: (message: string) => this.logger.error(message),
    };
    const credentials = { appId: this.config.GITHUB_APP_ID, privateKey: this.config.githubPrivateKey, log };
    // GitHub Enterprise Server needs another baseUrl, which @octokit/app takes as an Octokit class with
    // defaults. That class is @octokit/core's, reached through an instance: this app depends on
    // @octokit/app alone.
    const Core = new App(credentials).octokit.constructor as OctokitClass;
    const Octokit = Core.defaults({
      baseUrl: this.config.GITHUB_API_URL.replace(/\/+$/, ''),
      userAgent: 'flowline-executor-github',
      headers: { 'x-github-api-version': '2022-11-28' },
    });
    this.app = new App({ ...credentials, Octokit }) as unknown as GithubApp;
  }

  /** The app installation that can reach the repository (`GET /repos/{owner}/{repo}/installation`). */
  async installationOf(repository: RepositoryRef, signal?: AbortSignal): Promise<number> {
    const key = repoKey(repository);
    const cached = this.installations.get(key);
    if (cached !== undefined) return cached;
    const { data } = await this.call(`finding the GitHub App installation of ${key}`, signal, (request) =>
      this.githubApp().octokit.request('GET /repos/{owner}/{repo}/installation', { ...repository, request }),
    );
    this.installations.set(key, data.id);
    return data.id;
  }

  /** Forgets what is cached about a repository (after GitHub said it is not reachable any more). */
  forgetRepository(repository: RepositoryRef): void {
    this.installations.delete(repoKey(repository));
    this.defaultBranches.delete(repoKey(repository));
  }

  async defaultBranchOf(repository: RepositoryRef, installationId: number, signal?: AbortSignal) {
    const key = repoKey(repository);
    const cached = this.defaultBranches.get(key);
    if (cached !== undefined) return cached;
    const octokit = await this.octokitOf(installationId);
    const { data } = await this.call(`reading the default branch of ${key}`, signal, (request) =>
      octokit.request('GET /repos/{owner}/{repo}', { ...repository, request }),
    );
    this.defaultBranches.set(key, data.default_branch);
    return data.default_branch;
  }

  /** `POST /repos/{owner}/{repo}/actions/workflows/{workflow}/dispatches`. */
  async dispatch(
    repository: RepositoryRef,
    installationId: number,
    workflow: string,
    body: { ref: string; inputs: Record<string, string>; returnRunDetails: boolean },
    signal?: AbortSignal,
  ): Promise<DispatchResponse> {
    const octokit = await this.octokitOf(installationId);
    const response = await this.call(`dispatching ${workflow} in ${repoKey(repository)}`, signal, (request) =>
      octokit.request('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', {
        ...repository,
        workflow_id: workflow,
        ref: body.ref,
        inputs: body.inputs,
        ...(body.returnRunDetails ? { return_run_details: true } : {}),
        request,
      }),
    );
    const data = response.data as unknown as { workflow_run_id?: unknown; html_url?: unknown } | undefined;
    const date = Date.parse(String(response.headers.date ?? ''));
    return {
      ...(typeof data?.workflow_run_id === 'number'
        ? { run: { id: data.workflow_run_id, htmlUrl: String(data.html_url ?? '') } }
        : {}),
      ...(Number.isNaN(date) ? {} : { serverTime: new Date(date) }),
    };
  }

  /** The workflow's `workflow_dispatch` runs on a branch created since a time, newest first. */
  async listDispatchRuns(
    repository: RepositoryRef,
    installationId: number,
    query: { workflow: string; branch: string; created: string },
    signal?: AbortSignal,
  ): Promise<ListedRun[]> {
    const octokit = await this.octokitOf(installationId);
    const { data } = await this.call(
      `listing runs of ${query.workflow} in ${repoKey(repository)}`,
      signal,
      (request) =>
        octokit.request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', {
          ...repository,
          workflow_id: query.workflow,
          event: 'workflow_dispatch',
          branch: query.branch,
          created: query.created,
          per_page: 50,
          request,
        }),
    );
    return data.workflow_runs.map((run) => ({
      id: run.id,
      htmlUrl: run.html_url,
      displayTitle: run.display_title ?? '',
      createdAt: run.created_at,
      event: run.event,
    }));
  }

  /** `GET /repos/{owner}/{repo}/actions/runs/{id}`. */
  async getRun(repository: RepositoryRef, installationId: number, runId: number, signal?: AbortSignal) {
    const octokit = await this.octokitOf(installationId);
    const { data } = await this.call(`reading run ${runId} of ${repoKey(repository)}`, signal, (request) =>
      octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}', {
        ...repository,
        run_id: runId,
        request,
      }),
    );
    const state: WorkflowRunState = {
      id: data.id,
      status: data.status ?? 'unknown',
      conclusion: data.conclusion ?? null,
      htmlUrl: data.html_url,
    };
    return state;
  }

  /** One Octokit per installation: octokit caches its token and gets a new one before it expires. */
  private octokitOf(installationId: number): Promise<Octokit> {
    let octokit = this.octokits.get(installationId);
    if (!octokit) {
      octokit = this.githubApp().getInstallationOctokit(installationId);
      void octokit.catch(() => this.octokits.delete(installationId));
      this.octokits.set(installationId, octokit);
    }
    return octokit;
  }

  /** Runs one API call with the time limit and the caller's signal; failures become GithubCallError. */
  private async call<T>(
    action: string,
    signal: AbortSignal | undefined,
    send: (request: { signal: AbortSignal }) => Promise<T>,
  ): Promise<T> {
    const timeout = AbortSignal.timeout(this.config.GITHUB_REQUEST_TIMEOUT_MS);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      return await send({ signal: combined });
    } catch (error) {
      throw toGithubCallError(error, action, {
        deadline: Boolean(signal?.aborted),
        timeout: timeout.aborted,
      });
    }
  }

  private githubApp(): GithubApp {
    if (!this.app) throw new Error('the GitHub App client is not initialised yet');
    return this.app;
  }
}

function repoKey({ owner, repo }: RepositoryRef): string {
  return `${owner}/${repo}`.toLowerCase();
}
