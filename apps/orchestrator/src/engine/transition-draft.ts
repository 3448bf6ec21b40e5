import type { LogLevel, RunResult } from '@flowline/contracts';
import { type ApprovalOutcome, WorkflowGraph, type WorkflowNode } from '@flowline/workflow-schema';
import type {
  NodeDispatch,
  RunEffect,
  RunEvent,
  TemplateContext,
  TimerRequest,
  Transition,
} from './run-effects';
import type { ApprovalState, DecisionRecord } from './approval';
import type { JsonObject, LogLine, NodeRunState, RunState } from './run-state';

/**
 * The working copy of one transition: a copy of the run that the engine changes, which remembers what
 * it changed so `finish()` can list the effects. Run events are derived by comparing every status with
 * the one before the transition, so each status change is announced exactly once.
 */
export class TransitionDraft {
  readonly state: RunState;
  readonly graph: WorkflowGraph;
  private readonly created: string[] = [];
  private readonly touched = new Set<string>();
  private runTouched = false;
  private readonly actions: RunEffect[] = [];
  private readonly statusBefore: Map<string, string>;
  private readonly runStatusBefore: string | undefined;

  constructor(
    state: RunState,
    readonly now: Date,
    private readonly isNewRun: boolean,
  ) {
    // Shallow copies: the engine replaces nested values, never edits them in place.
    this.state = { ...state, outputs: { ...state.outputs }, nodeRuns: state.nodeRuns.map((n) => ({ ...n })) };
    this.graph = new WorkflowGraph(state.workflow);
    this.statusBefore = new Map(state.nodeRuns.map((n) => [n.identifier, statusKey(n)]));
    this.runStatusBefore = isNewRun ? undefined : statusKey(state);
  }

  nodeRun(identifier: string): NodeRunState | undefined {
    return this.state.nodeRuns.find((nodeRun) => nodeRun.identifier === identifier);
  }

  addNodeRun(
    identifier: string,
    nodeIdentifier: string,
    node: WorkflowNode | undefined,
    typeIfUnknown = 'UNKNOWN',
  ): NodeRunState {
    const nodeRun: NodeRunState = {
      identifier,
      nodeIdentifier,
      nodeType: node?.config.type ?? typeIfUnknown,
      nodeTitle: node?.title ?? null,
      nodeIcon: node?.icon ?? null,
      position: this.state.nodeRuns.length,
      status: 'IN_PROGRESS',
      result: null,
      attempt: 1,
      retryDueAt: null,
      rawOutput: {},
      output: {},
      selectedOption: null,
      installationId: null,
      claimConfig: null,
      approval: null,
      createdAt: this.now,
      updatedAt: this.now,
      completedAt: null,
    };
    this.state.nodeRuns.push(nodeRun);
    this.created.push(identifier);
    this.touchRun();
    this.startAttempt(nodeRun);
    return nodeRun;
  }

  /** Records the start of the node run's current attempt (its own record, with its own logs). */
  startAttempt(nodeRun: NodeRunState): void {
    this.actions.push({
      kind: 'startAttempt',
      nodeRunId: nodeRun.identifier,
      attempt: nodeRun.attempt,
      at: this.now,
    });
  }

  /** Records how the node run's current attempt ended. */
  endAttempt(nodeRun: NodeRunState, result: RunResult, error: string | null): void {
    this.actions.push({
      kind: 'completeAttempt',
      outcome: { nodeRunId: nodeRun.identifier, attempt: nodeRun.attempt, result, error, at: this.now },
    });
  }

  touch(nodeRun: NodeRunState): void {
    nodeRun.updatedAt = this.now;
    this.touched.add(nodeRun.identifier);
  }

  touchRun(): void {
    this.state.updatedAt = this.now;
    this.runTouched = true;
  }

  /** Completes the node run and its current attempt; `error` says why it did not succeed. */
  completeNodeRun(
    nodeRun: NodeRunState,
    result: RunResult,
    output: JsonObject,
    error: string | null = null,
  ): void {
    this.endAttempt(nodeRun, result, error);
    nodeRun.status = 'COMPLETED';
    nodeRun.result = result;
    nodeRun.output = output;
    nodeRun.retryDueAt = null;
    nodeRun.completedAt = this.now;
    this.touch(nodeRun);
    if (nodeRun.approval) {
      const outcome = result === 'SUCCESS' ? (nodeRun.selectedOption as ApprovalOutcome | null) : null;
      this.actions.push({ kind: 'closeApproval', nodeRunId: nodeRun.identifier, outcome, result });
    }
  }

  /** The INPUT node run waits for approvers from now on. */
  openApproval(nodeRun: NodeRunState, approval: ApprovalState): void {
    nodeRun.approval = approval;
    this.touch(nodeRun);
    this.actions.push({ kind: 'openApproval', nodeRunId: nodeRun.identifier, approval });
  }

  recordDecision(nodeRun: NodeRunState, approval: ApprovalState, decision: DecisionRecord): void {
    nodeRun.approval = { ...approval, decisions: [...approval.decisions, decision] };
    this.touch(nodeRun);
    this.actions.push({ kind: 'recordDecision', nodeRunId: nodeRun.identifier, decision });
  }

  setOutput(nodeIdentifier: string, output: JsonObject): void {
    this.state.outputs = { ...this.state.outputs, [nodeIdentifier]: output };
    this.touchRun();
  }

  completeRun(result: RunResult): void {
    this.state.status = 'COMPLETED';
    this.state.queued = false;
    this.state.result = result;
    this.state.completedAt = this.now;
    this.touchRun();
  }

  log(nodeRun: NodeRunState, logLevel: LogLevel, log: string, tags: Record<string, string> = {}): void {
    this.appendLogs(nodeRun, [{ logLevel, log, tags, at: this.now }]);
  }

  appendLogs(nodeRun: NodeRunState, logs: LogLine[]): void {
    if (logs.length === 0) return;
    this.actions.push({ kind: 'appendLogs', nodeRunId: nodeRun.identifier, attempt: nodeRun.attempt, logs });
    this.touch(nodeRun);
  }

  dispatch(dispatch: NodeDispatch): void {
    this.actions.push({ kind: 'dispatchNode', dispatch });
  }

  scheduleTimer(timer: TimerRequest): void {
    this.actions.push({ kind: 'scheduleTimer', timer });
  }

  /** The template context of a node run (DESIGN.md §4), without secrets. */
  context(nodeRun: NodeRunState): TemplateContext {
    return {
      outputs: this.state.outputs,
      workflow: { identifier: this.state.workflow.identifier, version: this.state.workflowVersion },
      workflowRun: {
        identifier: this.state.identifier,
        trigger: { by: { ...this.state.trigger.by } },
      },
      workflowNodeRun: { identifier: nodeRun.identifier },
    };
  }

  finish(): Transition {
    const effects: RunEffect[] = [];
    if (this.isNewRun) effects.push({ kind: 'createRun' });
    else if (this.runTouched) effects.push({ kind: 'updateRun' });
    for (const nodeRunId of this.created) effects.push({ kind: 'createNodeRun', nodeRunId });
    for (const nodeRunId of this.touched) {
      if (!this.created.includes(nodeRunId)) effects.push({ kind: 'updateNodeRun', nodeRunId });
    }
    effects.push(...this.actions);
    for (const event of this.statusEvents()) effects.push({ kind: 'emitRunEvent', event });
    return { applied: true, state: this.state, effects };
  }

  private statusEvents(): RunEvent[] {
    const events: RunEvent[] = [];
    for (const nodeRun of this.state.nodeRuns) {
      if (this.statusBefore.get(nodeRun.identifier) === statusKey(nodeRun)) continue;
      events.push({
        type: 'NODE_RUN_STATUS_CHANGED',
        nodeRunId: nodeRun.identifier,
        nodeIdentifier: nodeRun.nodeIdentifier,
        status: nodeRun.status,
        result: nodeRun.result,
      });
    }
    if (this.runStatusBefore !== statusKey(this.state)) {
      events.push({
        type: 'WORKFLOW_RUN_STATUS_CHANGED',
        status: this.state.status,
        result: this.state.result,
      });
    }
    return events;
  }
}

function statusKey(subject: { status: string; result: string | null }): string {
  return `${subject.status}/${subject.result ?? ''}`;
}
