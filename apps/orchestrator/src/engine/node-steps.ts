import { type ExecutorBackend, idempotencyKeyOf, type RunResult } from '@flowline/contracts';
import { type ConditionConfig, type WorkflowNode } from '@flowline/workflow-schema';
import { ApprovalSteps } from './approval-steps';
import { evaluateCondition } from './condition';
import { policyOf } from './execution-policy';
import { describeJqError, type ExpressionEvaluator } from './expression-evaluator';
import { nodeExecution } from './node-execution';
import { applyVariables, outputLimitProblem, type RunLimits } from './node-output';
import type { JsonObject, NodeRunState } from './run-state';
import type { TransitionDraft } from './transition-draft';

export interface NodeStepOptions {
  expressions: ExpressionEvaluator;
  limits: RunLimits;
  newNodeRunId: () => string;
  /** Applies to action nodes without `timeoutSeconds`; 0 means they wait as long as it takes. */
  defaultTimeoutSeconds: number;
}

/** How a node starts and how it ends: the per-node half of the run engine. */
export class NodeSteps {
  /** The INPUT (approval) step. */
  readonly approvals = new ApprovalSteps((draft, nodeRun, raw) => this.succeed(draft, nodeRun, raw));

  constructor(private readonly options: NodeStepOptions) {}

  /** Creates the node run of a ready node and runs it as far as the orchestrator can. */
  async start(draft: TransitionDraft, nodeIdentifier: string): Promise<void> {
    const node = draft.graph.node(nodeIdentifier);
    const nodeRun = draft.addNodeRun(this.options.newNodeRunId(), nodeIdentifier, node);
    if (!node) return this.fail(draft, nodeRun, `node "${nodeIdentifier}" is not in the workflow`);
    const execution = nodeExecution(node.config);
    switch (execution.kind) {
      case 'trigger':
        return this.fail(draft, nodeRun, 'a trigger only starts runs; it cannot run as a step');
      case 'condition':
        return this.runCondition(draft, nodeRun, node);
      case 'dispatch':
        return this.dispatch(draft, nodeRun, node, execution.backend);
      case 'claim':
        return this.awaitClaim(draft, nodeRun, node);
      case 'input':
        return this.approvals.open(draft, nodeRun, node);
      case 'unsupported':
        return this.fail(draft, nodeRun, execution.reason);
    }
  }

  /** Sends the node run's current attempt to its executor (also used for retries). */
  dispatch(
    draft: TransitionDraft,
    nodeRun: NodeRunState,
    node: WorkflowNode,
    backend: ExecutorBackend,
  ): void {
    const deadline = this.scheduleTimeout(draft, nodeRun, node);
    const timeoutSeconds = this.timeoutSecondsOf(draft, node);
    draft.dispatch({
      backend,
      runId: draft.state.identifier,
      nodeRunId: nodeRun.identifier,
      attempt: nodeRun.attempt,
      idempotencyKey: idempotencyKeyOf(nodeRun.identifier, nodeRun.attempt),
      node: {
        identifier: node.identifier,
        ...(node.title ? { title: node.title } : {}),
        config: node.config as unknown as JsonObject & { type: string },
        ...(timeoutSeconds ? { timeoutSeconds } : {}),
      },
      context: { ...draft.context(nodeRun), chainDepth: draft.state.chainDepth },
      ...(deadline ? { deadline } : {}),
    });
    draft.log(nodeRun, 'INFO', `dispatched to the ${backend} executor (attempt ${nodeRun.attempt})`);
  }

  /**
   * Completes a node run with its raw output: `variables` shape it, the limits bound it, and it becomes
   * `.outputs.<node>`. A failing variable or an output over a limit fails the node instead.
   */
  async succeed(draft: TransitionDraft, nodeRun: NodeRunState, raw: JsonObject): Promise<void> {
    const node = draft.graph.node(nodeRun.nodeIdentifier);
    const shaped = await applyVariables(
      this.options.expressions,
      node?.variables,
      raw,
      draft.context(nodeRun),
    );
    if (!shaped.ok) return this.fail(draft, nodeRun, shaped.message);
    const problem = outputLimitProblem(
      this.options.limits,
      shaped.output,
      draft.state.outputs,
      nodeRun.nodeIdentifier,
    );
    if (problem) return this.fail(draft, nodeRun, problem);
    draft.completeNodeRun(nodeRun, 'SUCCESS', shaped.output);
    draft.setOutput(nodeRun.nodeIdentifier, shaped.output);
  }

  /**
   * Completes a node run as failed (or cancelled) with the reason in an ERROR log and in its output
   * (`.error.message`, as Port's later docs expose it), then applies `onFailure`: `continue` lets the run
   * go on, anything else ends it with the same result. `terminate` forces the end (a broken run start).
   */
  fail(
    draft: TransitionDraft,
    nodeRun: NodeRunState,
    message: string,
    result: Exclude<RunResult, 'SUCCESS'> = 'FAILED',
    options: { terminate?: boolean } = {},
  ): void {
    draft.log(nodeRun, result === 'CANCELLED' ? 'WARN' : 'ERROR', message);
    const error = { error: { message } };
    const withRaw = { ...nodeRun.rawOutput, ...error };
    // The raw output stays next to the error when it fits, so later nodes can read what came back.
    const output = outputLimitProblem(
      this.options.limits,
      withRaw,
      draft.state.outputs,
      nodeRun.nodeIdentifier,
    )
      ? error
      : withRaw;
    draft.completeNodeRun(nodeRun, result, output, message);
    draft.setOutput(nodeRun.nodeIdentifier, output);
    const node = draft.graph.node(nodeRun.nodeIdentifier);
    if (!options.terminate && node && policyOf(draft.graph, node).onFailure === 'continue') {
      draft.log(nodeRun, 'INFO', 'onFailure is "continue": the run goes on');
      return;
    }
    this.endRun(
      draft,
      result,
      `node "${nodeRun.nodeIdentifier}" ${result === 'CANCELLED' ? 'was cancelled' : 'failed'}`,
    );
  }

  /**
   * Ends the run; node runs still in progress on other branches are cancelled with the reason. A run
   * whose cancel was asked for ends CANCELLED whatever ended it.
   */
  endRun(draft: TransitionDraft, result: RunResult, reason?: string): void {
    for (const other of draft.state.nodeRuns) {
      if (other.status !== 'IN_PROGRESS') continue;
      const why = `cancelled: the run ended${reason ? ` because ${reason}` : ''}`;
      draft.log(other, 'WARN', why);
      draft.completeNodeRun(other, 'CANCELLED', other.output, why);
    }
    draft.completeRun(draft.state.cancelRequest ? 'CANCELLED' : result);
  }

  private async runCondition(
    draft: TransitionDraft,
    nodeRun: NodeRunState,
    node: WorkflowNode,
  ): Promise<void> {
    const config = node.config as ConditionConfig;
    const outcome = await evaluateCondition(this.options.expressions, config, draft.context(nodeRun));
    // With onFailure "continue", a failed condition counts as "no option matched" (its fallback edge).
    if (!outcome.ok) return this.fail(draft, nodeRun, `the condition failed: ${outcome.message}`);
    const fallback =
      outcome.selectedOption === null &&
      draft.graph.connectionsForOutcome(node.identifier, undefined).length > 0;
    nodeRun.selectedOption = outcome.selectedOption;
    if (outcome.selectedOption !== null) {
      draft.log(nodeRun, 'INFO', `option "${outcome.selectedOption}" matched`);
    } else {
      draft.log(
        nodeRun,
        'INFO',
        fallback
          ? 'no option matched: following the fallback connection'
          : 'no option matched and there is no fallback connection: this branch ends',
      );
    }
    await this.succeed(draft, nodeRun, { selectedOption: outcome.selectedOption, fallback });
  }

  /** Renders the config now, since a pull worker receives it as is, and waits for a claim. */
  private async awaitClaim(draft: TransitionDraft, nodeRun: NodeRunState, node: WorkflowNode): Promise<void> {
    let rendered: unknown;
    try {
      rendered = await this.options.expressions.renderTemplate(node.config, draft.context(nodeRun));
    } catch (error) {
      return this.fail(draft, nodeRun, `config.${describeJqError(error)}`);
    }
    const config = rendered as JsonObject;
    const installationId = config['installationId'];
    if (typeof installationId !== 'string' || installationId.length === 0) {
      return this.fail(draft, nodeRun, 'config.installationId must render to a non-empty string');
    }
    nodeRun.installationId = installationId;
    nodeRun.claimConfig = config;
    draft.touch(nodeRun);
    this.scheduleTimeout(draft, nodeRun, node);
    draft.log(nodeRun, 'INFO', `waiting for a worker of installation "${installationId}" to claim it`);
  }

  /** The attempt's timeout as a durable timer; returns its due time, if the node has a timeout. */
  private scheduleTimeout(
    draft: TransitionDraft,
    nodeRun: NodeRunState,
    node: WorkflowNode,
  ): Date | undefined {
    const seconds = this.timeoutSecondsOf(draft, node);
    if (!seconds) return undefined;
    const dueAt = new Date(draft.now.getTime() + seconds * 1000);
    draft.scheduleTimer({ kind: 'TIMEOUT', nodeRunId: nodeRun.identifier, attempt: nodeRun.attempt, dueAt });
    return dueAt;
  }

  /** The node's own timeout, else the workflow's default, else the orchestrator's (0: none). */
  timeoutSecondsOf(draft: TransitionDraft, node: WorkflowNode | undefined): number {
    return (node && policyOf(draft.graph, node).timeoutSeconds) || this.options.defaultTimeoutSeconds;
  }
}
