import {
  createMessage,
  type Message,
  NODE_COMPLETED_MESSAGE_TYPE,
  type NodeCompletedMessage,
  type RunResult,
} from '@flowline/contracts';

/**
 * A finished GitHub run's `conclusion` as a node run result. success → SUCCESS; cancelled → CANCELLED;
 * neutral and skipped finished without failing → SUCCESS; failure, timed_out, startup_failure,
 * action_required, stale and anything new → FAILED (unknown is never taken for success).
 */
export function resultOfConclusion(conclusion: string | null | undefined): RunResult {
  switch (conclusion) {
    case 'success':
    case 'neutral':
    case 'skipped':
      return 'SUCCESS';
    case 'cancelled':
      return 'CANCELLED';
    default:
      return 'FAILED';
  }
}

/** The node run a GitHub run belongs to, and what to tell about it. */
export interface RunCompletion {
  orgId: string;
  runId: string;
  nodeRunId: string;
  attempt: number;
  githubRunId: number | null;
  runUrl: string | null;
  owner: string;
  repo: string;
}

export type NodeCompletedPayload = Omit<NodeCompletedMessage, 'id' | 'type' | 'occurredAt' | 'orgId'>;

/** How the conclusion was learnt, for the node run's log. */
export type CompletionSource = 'webhook' | 'poll';

/** The NodeCompletedMessage that completes the node run from its GitHub run's conclusion. */
export function completedMessage(
  run: RunCompletion,
  conclusion: string | null,
  source: CompletionSource,
  at: Date = new Date(),
): Message<NodeCompletedPayload> {
  const result = resultOfConclusion(conclusion);
  const where = `GitHub workflow run ${run.githubRunId ?? '?'} in ${run.owner}/${run.repo}`;
  const how = source === 'webhook' ? 'workflow_run webhook' : 'polling';
  const payload: NodeCompletedPayload = {
    runId: run.runId,
    nodeRunId: run.nodeRunId,
    attempt: run.attempt,
    status: 'COMPLETED',
    result,
    output: { runId: run.githubRunId, runUrl: run.runUrl, conclusion },
    logs: [
      {
        logLevel: result === 'SUCCESS' ? 'INFO' : 'ERROR',
        log: `${where} concluded ${conclusion ?? 'without a conclusion'} (from ${how})`,
        ...(run.runUrl ? { tags: { runUrl: run.runUrl } } : {}),
      },
    ],
  };
  if (result === 'FAILED') {
    // Not retryable: another attempt would run the whole workflow again; re-run it on GitHub instead.
    payload.failure = {
      code: 'GITHUB_RUN_FAILED',
      message: `${where} concluded ${conclusion ?? 'without a conclusion'}`,
      retryable: false,
    };
  }
  return createMessage(NODE_COMPLETED_MESSAGE_TYPE, run.orgId, payload, at);
}

/** The node fails when its GitHub run never finished within GITHUB_STATUS_GIVE_UP_AFTER_MS. */
export function abandonedMessage(run: RunCompletion, waitedMs: number, at: Date = new Date()) {
  const hours = Math.round(waitedMs / 3_600_000);
  const message =
    run.githubRunId === null
      ? `no GitHub workflow run was found for this dispatch in ${run.owner}/${run.repo} within ${hours} h`
      : `GitHub workflow run ${run.githubRunId} in ${run.owner}/${run.repo} did not finish within ${hours} h`;
  const payload: NodeCompletedPayload = {
    runId: run.runId,
    nodeRunId: run.nodeRunId,
    attempt: run.attempt,
    status: 'COMPLETED',
    result: 'FAILED',
    output: { runId: run.githubRunId, runUrl: run.runUrl, conclusion: null },
    logs: [{ logLevel: 'ERROR', log: message }],
    failure: { code: 'GITHUB_STATUS_UNKNOWN', message, retryable: false },
  };
  return createMessage(NODE_COMPLETED_MESSAGE_TYPE, run.orgId, payload, at);
}
