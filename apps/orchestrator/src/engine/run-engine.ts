import { isTriggerType } from '@flowline/workflow-schema';
import { policyOf } from './execution-policy';
import type { ExpressionEvaluator } from './expression-evaluator';
import { nodeExecution } from './node-execution';
import { jsonBytes, type RunLimits } from './node-output';
import { readyNodes } from './node-scheduler';
import { NodeSteps } from './node-steps';
import { readPinnedDefinition } from './pinned-definition';
import { isLateForCancelled, recordLateReport } from './late-report';
import type { Transition } from './run-effects';
import type {
  CancelRequest,
  DecisionInput,
  ExistingRunInput,
  NodeReport,
  RunRequest,
  StartOptions,
  TimerFired,
} from './run-inputs';
import { reuseNodeRuns } from './run-reuse';
import type { NodeRunState, RunState } from './run-state';
import { retryDelayMs } from './retry-backoff';
import { TransitionDraft } from './transition-draft';

export type {
  CancelRequest,
  DecisionInput,
  ExistingRunInput,
  NodeReport,
  RunInput,
  RunRequest,
  StartOptions,
  TimerFired,
} from './run-inputs';

/** An executor's failure code for an attempt that reached its deadline (the node's time limit). */
export const DEADLINE_EXCEEDED = 'DEADLINE_EXCEEDED';

export interface RunEngineOptions {
  expressions: ExpressionEvaluator;
  limits: RunLimits;
  newNodeRunId: () => string;
  now?: () => Date;
  /** For retry jitter. */
  random?: () => number;
  /** Timeout of action nodes without `timeoutSeconds` (theirs or the workflow's); 0 (default): none. */
  defaultTimeoutSeconds?: number;
}

/**
 * The run state machine of DESIGN.md §4, as a plain class: given a run's state and one input (a run
 * request, a node report, a timer, a cancel), it returns the new state and the effects to carry out. It
 * does no I/O besides the injected JQ, so the same input on the same state always gives the same
 * transition, and a late or duplicate input is `applied: false` with the reason.
 */
export class RunEngine {
  private readonly steps: NodeSteps;
  private readonly now: () => Date;
  private readonly random: () => number;

  constructor(private readonly options: RunEngineOptions) {
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.steps = new NodeSteps({
      expressions: options.expressions,
      limits: options.limits,
      newNodeRunId: options.newNodeRunId,
      defaultTimeoutSeconds: options.defaultTimeoutSeconds ?? 0,
    });
  }

  /** Creates the run, completes the trigger's node run with the trigger output, and walks on. */
  async start(request: RunRequest, options: StartOptions = {}): Promise<Transition> {
    const now = this.now();
    const definition = await readPinnedDefinition(request.workflow);
    const state: RunState = {
      identifier: request.runId,
      orgId: request.orgId,
      runKey: request.runKey,
      workflow: definition.workflow,
      workflowVersion: request.workflowVersion,
      trigger: {
        kind: request.trigger.kind,
        nodeIdentifier: request.trigger.nodeIdentifier,
        by: request.trigger.by,
      },
      chainDepth: request.chainDepth,
      status: 'IN_PROGRESS',
      result: null,
      queued: options.queued ?? false,
      cancelRequest: null,
      origin: request.origin ?? null,
      outputs: {},
      nodeRuns: [],
      createdBy: request.trigger.by.actorId,
      createdAt: now,
      updatedAt: now,
      completedAt: null,
    };
    const draft = new TransitionDraft(state, now, true);
    const triggerId = request.trigger.nodeIdentifier;
    const trigger = draft.graph.node(triggerId);
    const triggerType = request.trigger.kind === 'EVENT' ? 'EVENT_TRIGGER' : 'SELF_SERVE_TRIGGER';
    const nodeRun = draft.addNodeRun(this.options.newNodeRunId(), triggerId, trigger, triggerType);
    if (!definition.ok) {
      this.steps.fail(draft, nodeRun, definition.message, 'FAILED', { terminate: true });
    } else if (!trigger || !isTriggerType(trigger.config.type)) {
      const problem = `"${triggerId}" is not a trigger of version ${request.workflowVersion} of this workflow`;
      this.steps.fail(draft, nodeRun, problem, 'FAILED', { terminate: true });
    } else {
      const by = request.trigger.by;
      draft.log(nodeRun, 'INFO', `triggered by ${by.kind} ${by.actorId} (${request.trigger.kind})`);
      if (request.origin) {
        draft.log(nodeRun, 'INFO', `${request.origin.kind} of run ${request.origin.runId}`);
      }
      const reported = jsonBytes(request.trigger.output);
      if (reported > this.options.limits.maxReportedOutputBytes) {
        this.steps.fail(draft, nodeRun, this.reportedTooLarge(reported));
      } else {
        nodeRun.rawOutput = request.trigger.output;
        await this.steps.succeed(draft, nodeRun, request.trigger.output);
        if (options.reuseFrom && draft.state.status === 'IN_PROGRESS') {
          reuseNodeRuns(draft, options.reuseFrom, this.options.newNodeRunId);
        }
      }
    }
    if (draft.state.queued && draft.state.status === 'IN_PROGRESS') {
      draft.log(nodeRun, 'INFO', 'queued: a concurrency limit is reached; the run starts when a slot frees');
    }
    await this.advance(draft);
    return draft.finish();
  }

  /** Applies one input to an existing run: one case per kind of input. */
  apply(state: RunState, input: ExistingRunInput): Promise<Transition> {
    switch (input.kind) {
      case 'dequeue':
        return this.dequeue(state);
      case 'nodeReport':
        return this.applyNodeReport(state, input.report);
      case 'timer':
        return this.applyTimer(state, input.timer);
      case 'cancel':
        return this.cancel(state, input.cancel);
      case 'decision':
        return this.applyDecision(state, input.decision);
    }
  }

  /** An approver's decision on an INPUT node run; the run walks on once the quorum decided. */
  async applyDecision(state: RunState, input: DecisionInput): Promise<Transition> {
    const refusal = this.steps.approvals.refusal(state, input);
    if (refusal) return { applied: false, state, ignored: refusal };
    const draft = new TransitionDraft(state, this.now(), false);
    await this.steps.approvals.decide(draft, draft.nodeRun(input.nodeRunId) as NodeRunState, input);
    await this.advance(draft);
    return draft.finish();
  }

  /** A concurrency slot freed: the queued run starts its nodes. */
  async dequeue(state: RunState): Promise<Transition> {
    if (state.status === 'COMPLETED') return { applied: false, state, ignored: 'run-completed' };
    if (!state.queued) return { applied: false, state, ignored: 'not-queued' };
    const draft = new TransitionDraft(state, this.now(), false);
    draft.state.queued = false;
    draft.touchRun();
    const trigger = draft.state.nodeRuns.find((n) => n.nodeIdentifier === state.trigger.nodeIdentifier);
    if (trigger) draft.log(trigger, 'INFO', 'dequeued: a concurrency slot is free, the run starts');
    await this.advance(draft);
    return draft.finish();
  }

  /**
   * Cancels the run. Graceful (default): node runs in progress may finish, no node starts any more (a
   * node waiting to retry is cancelled), and the run ends CANCELLED once none is left. `force`: every
   * node run in progress is cancelled now and the run ends CANCELLED at once.
   */
  async cancel(state: RunState, request: CancelRequest): Promise<Transition> {
    if (state.status === 'COMPLETED') return { applied: false, state, ignored: 'run-completed' };
    if (state.cancelRequest && !request.force) return { applied: false, state, ignored: 'cancel-requested' };
    const draft = new TransitionDraft(state, this.now(), false);
    draft.state.cancelRequest = state.cancelRequest ?? { at: draft.now, by: request.by };
    draft.touchRun();
    for (const nodeRun of draft.state.nodeRuns) {
      if (nodeRun.status !== 'IN_PROGRESS') continue;
      // An approval waits on people, not on work in flight: nothing would finish it.
      if (request.force || draft.state.queued || nodeRun.retryDueAt || nodeRun.approval) {
        const why = `cancelled by ${request.by}${request.force ? ' (force)' : ''}`;
        draft.log(nodeRun, 'WARN', why);
        draft.completeNodeRun(nodeRun, 'CANCELLED', nodeRun.output, why);
      } else {
        draft.log(
          nodeRun,
          'INFO',
          `the run was cancelled by ${request.by}: this node may finish, no new node starts`,
        );
      }
    }
    await this.advance(draft);
    return draft.finish();
  }

  /** Applies a node report: logs, output through `variables`, retry or `onFailure`, then walks on. */
  async applyNodeReport(state: RunState, report: NodeReport): Promise<Transition> {
    const current = state.nodeRuns.find((nodeRun) => nodeRun.identifier === report.nodeRunId);
    if (current && isLateForCancelled(current, report)) {
      return recordLateReport(state, current, report, this.now());
    }
    if (state.status === 'COMPLETED') return { applied: false, state, ignored: 'run-completed' };
    if (!current) return { applied: false, state, ignored: 'unknown-node-run' };
    if (current.status === 'COMPLETED') return { applied: false, state, ignored: 'node-run-completed' };
    if ((report.attempt !== undefined && report.attempt !== current.attempt) || current.retryDueAt) {
      return { applied: false, state, ignored: 'stale-attempt' };
    }
    if (current.approval) return this.applyApprovalReport(state, current, report);

    const draft = new TransitionDraft(state, this.now(), false);
    const nodeRun = draft.nodeRun(report.nodeRunId) as NodeRunState;
    draft.appendLogs(
      nodeRun,
      report.logs.map((line) => ({
        logLevel: line.logLevel,
        log: line.log ?? '',
        tags: line.tags ?? {},
        at: draft.now,
      })),
    );
    const raw = report.output ? { ...nodeRun.rawOutput, ...report.output } : nodeRun.rawOutput;
    const reported = jsonBytes(raw);
    if (reported > this.options.limits.maxReportedOutputBytes) {
      this.steps.fail(draft, nodeRun, this.reportedTooLarge(reported));
    } else if (report.status === 'IN_PROGRESS') {
      // Progress (e.g. a GitHub run URL) is visible on the node run; `variables` wait for completion.
      nodeRun.rawOutput = raw;
      nodeRun.output = raw;
      draft.touch(nodeRun);
    } else {
      nodeRun.rawOutput = raw;
      await this.complete(draft, nodeRun, report);
    }
    await this.advance(draft);
    return draft.finish();
  }

  /** Only the notification webhook reports on an approval (its executor); anyone else must decide. */
  private applyApprovalReport(state: RunState, current: NodeRunState, report: NodeReport): Transition {
    if (report.source !== 'executor') return { applied: false, state, ignored: 'awaiting-decision' };
    const draft = new TransitionDraft(state, this.now(), false);
    this.steps.approvals.notified(draft, draft.nodeRun(current.identifier) as NodeRunState, report);
    return draft.finish();
  }

  /** A durable timer came due: an attempt timed out, or a retry's wait is over. */
  async applyTimer(state: RunState, timer: TimerFired): Promise<Transition> {
    const current = state.nodeRuns.find((nodeRun) => nodeRun.identifier === timer.nodeRunId);
    const waitingRetry = Boolean(current?.retryDueAt);
    if (
      state.status === 'COMPLETED' ||
      !current ||
      current.status === 'COMPLETED' ||
      current.attempt !== timer.attempt ||
      waitingRetry !== (timer.kind === 'RETRY')
    ) {
      return { applied: false, state, ignored: 'stale-timer' };
    }
    const draft = new TransitionDraft(state, this.now(), false);
    const nodeRun = draft.nodeRun(timer.nodeRunId) as NodeRunState;
    const node = draft.graph.node(nodeRun.nodeIdentifier);
    if (timer.kind === 'RETRY') {
      const execution = node ? nodeExecution(node.config) : undefined;
      nodeRun.retryDueAt = null;
      nodeRun.attempt += 1;
      draft.touch(nodeRun);
      draft.startAttempt(nodeRun);
      if (node && execution?.kind === 'dispatch')
        this.steps.dispatch(draft, nodeRun, node, execution.backend);
      else this.steps.fail(draft, nodeRun, 'this node cannot be retried');
    } else if (nodeRun.approval) {
      await this.steps.approvals.timedOut(draft, nodeRun);
    } else {
      this.timedOut(draft, nodeRun);
    }
    await this.advance(draft);
    return draft.finish();
  }

  /**
   * The attempt reached the node's time limit, seen by the orchestrator's timer or by the executor that
   * abandoned the call at the same deadline (whichever comes first): `onTimeout` decides, not `onFailure`
   * or the retry policy.
   */
  private timedOut(draft: TransitionDraft, nodeRun: NodeRunState): void {
    const node = draft.graph.node(nodeRun.nodeIdentifier);
    const seconds = this.steps.timeoutSecondsOf(draft, node);
    if (node && policyOf(draft.graph, node).onTimeout === 'continue') {
      draft.log(nodeRun, 'WARN', `timed out after ${seconds} s; onTimeout is "continue"`);
      draft.completeNodeRun(nodeRun, 'SUCCESS', { timeout: true });
      draft.setOutput(nodeRun.nodeIdentifier, { timeout: true });
    } else {
      this.steps.fail(draft, nodeRun, `timed out after ${seconds} s`);
    }
  }

  private async complete(draft: TransitionDraft, nodeRun: NodeRunState, report: NodeReport): Promise<void> {
    const result = report.result ?? (report.failure ? 'FAILED' : 'SUCCESS');
    if (result === 'SUCCESS') return this.steps.succeed(draft, nodeRun, nodeRun.rawOutput);
    if (result === 'CANCELLED')
      return this.steps.fail(draft, nodeRun, 'the node run was cancelled', 'CANCELLED');
    if (report.source === 'executor' && report.failure?.code === DEADLINE_EXCEEDED) {
      return this.timedOut(draft, nodeRun);
    }
    const node = draft.graph.node(nodeRun.nodeIdentifier);
    const retry = node ? policyOf(draft.graph, node).retry : undefined;
    const message = report.failure?.message ?? lastError(report) ?? 'the node failed';
    if (
      report.source === 'executor' &&
      report.failure?.retryable &&
      retry &&
      nodeRun.attempt < retry.maxAttempts &&
      !draft.state.cancelRequest
    ) {
      const delay = retryDelayMs(retry, nodeRun.attempt, this.random);
      const dueAt = new Date(draft.now.getTime() + delay);
      draft.log(
        nodeRun,
        'WARN',
        `attempt ${nodeRun.attempt} of ${retry.maxAttempts} failed: ${message}; retrying in ${delay} ms`,
      );
      draft.endAttempt(nodeRun, 'FAILED', message);
      nodeRun.retryDueAt = dueAt;
      nodeRun.rawOutput = {};
      nodeRun.output = {};
      draft.scheduleTimer({ kind: 'RETRY', nodeRunId: nodeRun.identifier, attempt: nodeRun.attempt, dueAt });
      return;
    }
    this.steps.fail(draft, nodeRun, message);
  }

  /**
   * Starts every ready node until none is left, unless the run waits for a concurrency slot or was
   * cancelled; with nothing in progress either, the run is over (SUCCESS, or CANCELLED after a cancel).
   */
  private async advance(draft: TransitionDraft): Promise<void> {
    while (draft.state.status === 'IN_PROGRESS' && !draft.state.queued && !draft.state.cancelRequest) {
      const ready = readyNodes(draft.graph, draft.state.nodeRuns);
      if (ready.length === 0) break;
      for (const nodeIdentifier of ready) {
        await this.steps.start(draft, nodeIdentifier);
        if (draft.state.status !== 'IN_PROGRESS') break;
      }
    }
    if (
      draft.state.status === 'IN_PROGRESS' &&
      (!draft.state.queued || draft.state.cancelRequest) &&
      !draft.state.nodeRuns.some((n) => n.status === 'IN_PROGRESS')
    ) {
      draft.completeRun(draft.state.cancelRequest ? 'CANCELLED' : 'SUCCESS');
    }
  }

  private reportedTooLarge(bytes: number): string {
    return `the reported output is ${bytes} bytes, over the limit of ${this.options.limits.maxReportedOutputBytes} bytes`;
  }
}

function lastError(report: NodeReport): string | undefined {
  const errors = report.logs.filter((line) => line.logLevel === 'ERROR' && line.log);
  return errors.length > 0 ? errors[errors.length - 1].log : undefined;
}
