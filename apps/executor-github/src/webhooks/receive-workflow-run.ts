import { Injectable, Logger } from '@nestjs/common';
import { ApiError } from '@flowline/nest-service';
import { ExecutorGithubConfig } from '../executor-github.config';
import { CompleteDispatchedRun } from '../run-tracking/complete-dispatched-run';
import { DispatchedRunsRepository } from '../run-tracking/dispatched-runs.repository';
import { verifyGithubSignature } from './github-signature';

export interface WebhookDelivery {
  event?: string;
  deliveryId?: string;
  signature?: string;
  contentType?: string;
  rawBody?: Buffer;
}

export interface WebhookReceipt {
  /** Whether this delivery completed a node run. */
  completed: boolean;
  message: string;
}

interface WorkflowRunEvent {
  action?: unknown;
  workflow_run?: { id?: unknown; conclusion?: unknown; html_url?: unknown };
  repository?: { full_name?: unknown };
}

/**
 * GitHub's `workflow_run` webhook (the App's webhook, pointed at POST /webhooks/github): a signed
 * `completed` event for a run a node waits on completes that node run. Anything else is acknowledged
 * and ignored, so GitHub does not redeliver it. A bad signature is refused (401) before anything is read.
 */
@Injectable()
export class ReceiveWorkflowRun {
  private readonly logger = new Logger(ReceiveWorkflowRun.name);

  constructor(
    private readonly config: ExecutorGithubConfig,
    private readonly runs: DispatchedRunsRepository,
    private readonly completion: CompleteDispatchedRun,
  ) {}

  async execute(delivery: WebhookDelivery): Promise<WebhookReceipt> {
    const secret = this.config.GITHUB_WEBHOOK_SECRET;
    if (!secret)
      throw new ApiError(
        401,
        'unauthorized',
        'GitHub webhooks are not accepted: GITHUB_WEBHOOK_SECRET is not set',
      );
    if (!delivery.rawBody || !verifyGithubSignature(secret, delivery.rawBody, delivery.signature))
      throw new ApiError(401, 'unauthorized', 'the X-Hub-Signature-256 signature does not match the body');

    if (delivery.event === 'ping') return ignored('pong');
    if (delivery.event !== 'workflow_run')
      return ignored(`${delivery.event ?? 'an unnamed'} event is not used`);
    const event = parseEvent(delivery.rawBody, delivery.contentType);
    const githubRunId = event.workflow_run?.id;
    if (event.action !== 'completed') return ignored(`workflow_run ${String(event.action)} is not used`);
    if (typeof githubRunId !== 'number') throw new ApiError(400, 'bad_request', 'workflow_run.id is missing');

    const run = await this.runs.findByGithubRun(githubRunId);
    if (!run) return ignored(`GitHub run ${githubRunId} is not one a node run waits on`);
    const repository = String(event.repository?.full_name ?? '');
    if (repository.toLowerCase() !== `${run.owner}/${run.repo}`.toLowerCase()) {
      this.logger.warn(
        `webhook for run ${githubRunId} names ${repository}, the dispatch was to ${run.owner}/${run.repo}`,
      );
      return ignored(`GitHub run ${githubRunId} belongs to another repository`);
    }
    if (run.status !== 'WAITING')
      return ignored(`the node run of GitHub run ${githubRunId} is already completed`);

    const conclusion =
      typeof event.workflow_run?.conclusion === 'string' ? event.workflow_run.conclusion : null;
    const htmlUrl = typeof event.workflow_run?.html_url === 'string' ? event.workflow_run.html_url : null;
    const completed = await this.completion.fromConclusion(
      { ...run, runUrl: run.runUrl ?? htmlUrl },
      conclusion,
      'webhook',
    );
    this.logger.log({
      message: completed
        ? 'node run completed from a workflow_run webhook'
        : 'workflow_run webhook came second',
      orgId: run.orgId,
      runId: run.runId,
      nodeRunId: run.nodeRunId,
      attempt: run.attempt,
      githubRunId,
      conclusion,
      deliveryId: delivery.deliveryId,
    });
    return { completed, message: completed ? `completed with ${conclusion}` : 'already completed' };
  }
}

function ignored(message: string): WebhookReceipt {
  return { completed: false, message };
}

/** GitHub sends JSON, or a form with the JSON in `payload` when the webhook is set to that content type. */
function parseEvent(rawBody: Buffer, contentType: string | undefined): WorkflowRunEvent {
  const text = rawBody.toString('utf8');
  try {
    const json = contentType?.startsWith('application/x-www-form-urlencoded')
      ? (new URLSearchParams(text).get('payload') ?? '')
      : text;
    const parsed: unknown = JSON.parse(json);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as WorkflowRunEvent;
  } catch {
    // answered below
  }
  throw new ApiError(400, 'bad_request', 'the webhook body is not a JSON object');
}
