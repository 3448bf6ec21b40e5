import { idempotencyKeyOf } from '@flowline/contracts';
import type { ApprovalOutcome, InputConfig, WorkflowNode } from '@flowline/workflow-schema';
import {
  approvalOutcome,
  approvalOutput,
  approverEntriesOf,
  type ApprovalState,
  openApproval,
} from './approval';
import type { IgnoredReason } from './run-effects';
import type { DecisionInput, NodeReport } from './run-inputs';
import type { JsonObject, NodeRunState, RunState } from './run-state';
import type { TransitionDraft } from './transition-draft';

/** Completes a node run with its raw output (NodeSteps.succeed: `variables`, limits, `.outputs`). */
type Succeed = (draft: TransitionDraft, nodeRun: NodeRunState, raw: JsonObject) => Promise<void>;

/**
 * The INPUT (approval) step: it opens when the node is reached (nothing is dispatched; a timeout timer
 * and a notification webhook if the node asks), takes decisions until the quorum decides, and completes
 * SUCCESS with the outcome, whose outlet the run follows.
 */
export class ApprovalSteps {
  constructor(private readonly succeed: Succeed) {}

  open(draft: TransitionDraft, nodeRun: NodeRunState, node: WorkflowNode): void {
    const config = node.config as InputConfig;
    const approval = openApproval(config, draft.now);
    draft.openApproval(nodeRun, approval);
    if (approval.timeoutAt) {
      const dueAt = new Date(approval.timeoutAt);
      draft.scheduleTimer({
        kind: 'TIMEOUT',
        nodeRunId: nodeRun.identifier,
        attempt: nodeRun.attempt,
        dueAt,
      });
    }
    const { users, roles, teams } = approval.approvers;
    const who = [...users, ...roles.map((r) => `role ${r}`), ...teams.map((t) => `team ${t}`)].join(', ');
    draft.log(nodeRun, 'INFO', `waiting for approval (${quorumText(approval)}) by ${who}`);
    if (config.notify) this.notify(draft, nodeRun, node, approval, config.notify.url);
  }

  /** Whether a decision can be taken; `undefined` when it can. */
  refusal(state: RunState, input: DecisionInput): IgnoredReason | undefined {
    const nodeRun = state.nodeRuns.find((candidate) => candidate.identifier === input.nodeRunId);
    if (state.status === 'COMPLETED') return 'run-completed';
    if (!nodeRun) return 'unknown-node-run';
    if (!nodeRun.approval) return 'not-awaiting-decision';
    if (nodeRun.status === 'COMPLETED') return 'node-run-completed';
    if (approverEntriesOf(nodeRun.approval, input.by).length === 0) return 'not-an-approver';
    if (nodeRun.approval.decisions.some((d) => d.by.userId === input.by.userId)) return 'already-decided';
    return undefined;
  }

  /** Records a decision (checked by `refusal`), and completes the node run if the quorum is reached. */
  async decide(draft: TransitionDraft, nodeRun: NodeRunState, input: DecisionInput): Promise<void> {
    const approval = nodeRun.approval as ApprovalState;
    const record = {
      by: { userId: input.by.userId, email: input.by.email },
      decision: input.decision,
      description: input.description,
      at: draft.now.toISOString(),
      fills: approverEntriesOf(approval, input.by),
    };
    draft.recordDecision(nodeRun, approval, record);
    const reason = input.description ? `: ${input.description}` : '';
    draft.log(nodeRun, 'INFO', `${input.decision} by ${input.by.email ?? input.by.userId}${reason}`);
    const outcome = approvalOutcome(nodeRun.approval as ApprovalState);
    if (outcome) await this.complete(draft, nodeRun, outcome);
  }

  /** No decision in time: the default outlet is taken (or, without one, the branch ends). */
  timedOut(draft: TransitionDraft, nodeRun: NodeRunState): Promise<void> {
    draft.log(nodeRun, 'WARN', 'no decision before the timeout');
    return this.complete(draft, nodeRun, 'TIMEOUT');
  }

  /** The notification webhook's result: kept in the logs; only decisions complete the node run. */
  notified(draft: TransitionDraft, nodeRun: NodeRunState, report: NodeReport): void {
    const tags = { notification: 'true' };
    draft.appendLogs(
      nodeRun,
      report.logs.map((line) => ({
        logLevel: line.logLevel,
        log: line.log ?? '',
        tags: { ...line.tags, ...tags },
        at: draft.now,
      })),
    );
    if (report.status !== 'COMPLETED') return;
    if ((report.result ?? 'SUCCESS') === 'SUCCESS') {
      draft.log(nodeRun, 'INFO', 'approvers were notified');
    } else {
      const why = report.failure?.message ?? 'the notification webhook failed';
      draft.log(nodeRun, 'WARN', `the approvers could not be notified: ${why}`);
    }
  }

  private async complete(draft: TransitionDraft, nodeRun: NodeRunState, outcome: ApprovalOutcome) {
    const approval = nodeRun.approval as ApprovalState;
    nodeRun.selectedOption = outcome;
    const outlet = draft.graph.connectionsForDecision(nodeRun.nodeIdentifier, outcome)[0];
    draft.log(
      nodeRun,
      'INFO',
      outlet
        ? `decided ${outcome}: following connection "${outlet.identifier}"`
        : `decided ${outcome}: no outlet for it, this branch ends`,
    );
    const output = approvalOutput(approval, outcome);
    nodeRun.rawOutput = output;
    await this.succeed(draft, nodeRun, output);
  }

  /** A signed webhook through the webhook executor (its SSRF policy and signing apply). */
  private notify(
    draft: TransitionDraft,
    nodeRun: NodeRunState,
    node: WorkflowNode,
    approval: ApprovalState,
    url: string,
  ): void {
    const runId = draft.state.identifier;
    const body = {
      type: 'APPROVAL_REQUESTED',
      workflow: { identifier: draft.state.workflow.identifier, version: draft.state.workflowVersion },
      workflowRun: { identifier: runId },
      workflowNodeRun: { identifier: nodeRun.identifier },
      node: { identifier: node.identifier, title: node.title ?? null },
      description: approval.description,
      approvers: approval.approvers,
      quorum: approval.quorum,
      timeoutAt: approval.timeoutAt,
      decide: `/v1/workflows/runs/${runId}/nodes/${nodeRun.identifier}/approval`,
    };
    draft.dispatch({
      backend: 'webhook',
      runId,
      nodeRunId: nodeRun.identifier,
      attempt: nodeRun.attempt,
      idempotencyKey: idempotencyKeyOf(nodeRun.identifier, nodeRun.attempt),
      node: {
        identifier: node.identifier,
        ...(node.title ? { title: node.title } : {}),
        config: { type: 'WEBHOOK', url, method: 'POST', synchronized: true, body },
      },
      context: { ...draft.context(nodeRun), chainDepth: draft.state.chainDepth },
    });
    draft.log(nodeRun, 'INFO', 'notifying the approvers (webhook)');
  }
}

function quorumText(approval: ApprovalState): string {
  const { quorum } = approval;
  if (quorum === 'ANY') return 'any approver decides';
  if (quorum === 'ALL') return 'every approver must approve';
  return `${quorum.count} approvers must agree`;
}
