import { Injectable } from '@nestjs/common';
import {
  type ExecutionLog,
  type ExecutionRequest,
  type ExecutionResult,
  failed,
  inProgress,
  type NodeExecutor,
  succeeded,
} from '@flowline/executor-runtime';
import { ExecutorGithubConfig } from '../executor-github.config';
import { GithubCallError } from '../github-api/github-call-error';
import { type DispatchedRun, DispatchedRunsRepository } from '../run-tracking/dispatched-runs.repository';
import { prepareDispatchInputs } from './dispatch-inputs';
import { readGithubDispatch } from './github-dispatch-spec';
import { WorkflowDispatcher } from './workflow-dispatcher';

/**
 * GITHUB nodes and GitHub INTEGRATION_ACTION nodes (reference §5.4, §5.5): one `workflow_dispatch` per
 * attempt. Without status reporting the node succeeds once GitHub accepted the dispatch; with it
 * (the default) the node stays IN_PROGRESS and completes from the run's conclusion (webhook or polling).
 * Either way the output is `{ runId, runUrl }` of the GitHub run.
 */
@Injectable()
export class GithubExecutor implements NodeExecutor {
  readonly backend = 'github' as const;

  constructor(
    private readonly dispatcher: WorkflowDispatcher,
    private readonly runs: DispatchedRunsRepository,
    private readonly config: ExecutorGithubConfig,
  ) {}

  async execute(request: ExecutionRequest): Promise<ExecutionResult> {
    const reading = readGithubDispatch(request.config);
    if (!reading.ok) {
      const message = `invalid GitHub dispatch config: ${reading.problems.join('; ')}`;
      return failed({ code: 'INVALID_CONFIG', message, retryable: false });
    }
    const { spec } = reading;
    const prepared = prepareDispatchInputs(spec.inputs, request.idempotencyKey);
    if (!prepared.ok) return failed({ code: 'INVALID_INPUTS', message: prepared.message, retryable: false });

    const { orgId, runId, nodeRunId, attempt } = request.dispatch;
    // A dispatch redelivered to any replica after it was made is not made twice.
    const earlier = await this.runs.find({ orgId, nodeRunId, attempt });
    if (earlier) return outcomeOf(earlier, [{ logLevel: 'INFO', log: alreadyDispatched(earlier) }]);

    let outcome;
    try {
      outcome = await this.dispatcher.dispatch(spec, prepared, request.idempotencyKey, request.signal);
    } catch (error) {
      if (!(error instanceof GithubCallError)) throw error;
      return failed({ code: error.code, message: error.message, retryable: error.retryable });
    }
    const tracked = spec.reportWorkflowStatus;
    const recorded = await this.runs.record({
      orgId,
      nodeRunId,
      attempt,
      runId,
      owner: spec.owner,
      repo: spec.repo,
      workflow: spec.workflow,
      ref: outcome.ref,
      installationId: outcome.installationId,
      githubRunId: outcome.run?.id ?? null,
      runUrl: outcome.run?.htmlUrl ?? null,
      status: tracked ? 'WAITING' : 'UNTRACKED',
      dispatchedAt: outcome.since,
      nextPollAt: tracked ? new Date(Date.now() + this.config.GITHUB_STATUS_POLL_AFTER_MS) : null,
    });
    const names = Object.keys(outcome.inputs.inputs);
    const logs: ExecutionLog[] = [
      {
        logLevel: 'INFO',
        log: `dispatched ${spec.workflow} in ${spec.owner}/${spec.repo} on ${outcome.ref} with ${names.length} input(s)${names.length ? `: ${names.join(', ')}` : ''}`,
      },
      recorded.githubRunId !== null
        ? { logLevel: 'INFO', log: `GitHub workflow run ${recorded.githubRunId}: ${recorded.runUrl}` }
        : {
            logLevel: 'WARN',
            log: tracked
              ? 'GitHub did not name the run and it was not found yet; the status poll keeps looking'
              : 'GitHub did not name the run and it was not found within the lookup time',
          },
    ];
    return outcomeOf(recorded, logs);
  }
}

/** IN_PROGRESS while the GitHub run is followed, SUCCESS once dispatched otherwise. */
function outcomeOf(run: DispatchedRun, logs: ExecutionLog[]): ExecutionResult {
  const output = { runId: run.githubRunId, runUrl: run.runUrl };
  return run.status === 'UNTRACKED' ? succeeded(output, logs) : inProgress(logs, output);
}

function alreadyDispatched(run: DispatchedRun): string {
  const which = run.githubRunId === null ? 'a run not identified yet' : `run ${run.githubRunId}`;
  return `this attempt was dispatched before (${which}); not dispatched again`;
}
