import type { RunActor } from '@flowline/contracts';
import { describeJqError, type ExpressionEvaluator } from '../engine/expression-evaluator';
import type { NodeDispatch, Transition } from '../engine/run-effects';
import type { RunEngine } from '../engine/run-engine';
import type { JsonObject, NodeRunState, RunState } from '../engine/run-state';
import { secretPlaceholders } from './secret-placeholders';

/** What a dry-run starts from: a pinned definition, the trigger's output, and outputs to pretend. */
export interface DryRunRequest {
  workflow: JsonObject;
  workflowVersion: number;
  orgId: string;
  by: RunActor;
  /** The trigger node run's output (self-service inputs, or an earlier run's trigger output). */
  triggerOutput: JsonObject;
  /** Raw outputs to pretend each action node returned (an earlier run's); `{}` for the others. */
  sampleOutputs?: Record<string, JsonObject>;
}

/** Where a template failed: the node, the path inside its config, the expression and jq's message. */
export interface DryRunError {
  node: string;
  path: string | null;
  expression: string | null;
  message: string;
}

export interface DryRunNode {
  identifier: string;
  type: string;
  title: string | null;
  result: 'SUCCESS' | 'FAILED';
  /** CONDITION nodes: the option that matched (null: none; the fallback edge, if any, was taken). */
  selectedOption?: string | null;
  /** Action nodes: the config as the executor would send it (secrets by name only). */
  request?: JsonObject;
  /** The node's output as later nodes would see it (`.outputs.<node>`). */
  output: JsonObject;
  error?: DryRunError;
}

export interface DryRunResult {
  result: 'SUCCESS' | 'FAILED';
  /** The nodes the run would go through, in order. */
  path: string[];
  nodes: DryRunNode[];
  /** Nodes the run would not reach (a condition's other branch, or after a failure). */
  notReached: string[];
}

const DRY_RUN_ID = 'wfr_dryrun0000000000';
/** Far more rounds than any valid graph needs; stops a loop should the engine never settle. */
const MAX_ROUNDS = 1000;

/**
 * Walks a run through the real run engine without doing anything: every action node's config is
 * rendered as its executor would render it (with each secret replaced by its name), and the node is
 * reported done with a pretended output, so conditions, `variables` and joins decide the path exactly as
 * in a real run. Nothing is stored, dispatched or published: the effects are read, never carried out.
 */
export async function simulateRun(
  engine: RunEngine,
  expressions: ExpressionEvaluator,
  request: DryRunRequest,
): Promise<DryRunResult> {
  const triggerNode = findTrigger(request.workflow);
  let transition: Transition = await engine.start({
    runId: DRY_RUN_ID,
    orgId: request.orgId,
    runKey: 'dry-run',
    workflow: request.workflow,
    workflowVersion: request.workflowVersion,
    trigger: {
      kind: 'SELF_SERVE',
      nodeIdentifier: triggerNode,
      by: request.by,
      output: request.triggerOutput,
    },
    chainDepth: 0,
  });
  const requests = new Map<string, JsonObject>();
  const errors = new Map<string, DryRunError>();
  const dispatches = new Map<string, NodeDispatch>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (!transition.applied) break;
    const state: RunState = transition.state;
    for (const effect of transition.effects) {
      if (effect.kind === 'dispatchNode') dispatches.set(effect.dispatch.nodeRunId, effect.dispatch);
    }
    const pending = waitingNodeRuns(state, dispatches);
    if (state.status === 'COMPLETED' || pending.length === 0) break;
    const [next] = pending;
    const rendered = await renderRequest(expressions, next);
    if (rendered.ok) requests.set(next.nodeRun.nodeIdentifier, rendered.config);
    else errors.set(next.nodeRun.nodeIdentifier, rendered.error);
    transition = await engine.applyNodeReport(state, {
      nodeRunId: next.nodeRun.identifier,
      attempt: next.nodeRun.attempt,
      status: 'COMPLETED',
      result: rendered.ok ? 'SUCCESS' : 'FAILED',
      output: rendered.ok ? (request.sampleOutputs?.[next.nodeRun.nodeIdentifier] ?? {}) : {},
      logs: [],
      ...(rendered.ok
        ? {}
        : { failure: { code: 'TEMPLATE_ERROR', message: describe(rendered.error), retryable: false } }),
      source: 'api',
    });
  }
  return describeResult(transition.state, requests, errors);
}

interface WaitingNodeRun {
  nodeRun: NodeRunState;
  /** The dispatch the engine asked for; claim nodes have their rendered config instead. */
  dispatch?: NodeDispatch;
}

function waitingNodeRuns(state: RunState, dispatches: Map<string, NodeDispatch>): WaitingNodeRun[] {
  return state.nodeRuns
    .filter((nodeRun) => nodeRun.status === 'IN_PROGRESS')
    .map((nodeRun) => ({ nodeRun, dispatch: dispatches.get(nodeRun.identifier) }));
}

type Rendered = { ok: true; config: JsonObject } | { ok: false; error: DryRunError };

async function renderRequest(expressions: ExpressionEvaluator, waiting: WaitingNodeRun): Promise<Rendered> {
  const node = waiting.nodeRun.nodeIdentifier;
  if (!waiting.dispatch) return { ok: true, config: waiting.nodeRun.claimConfig ?? {} };
  const { config } = waiting.dispatch.node;
  const context = { ...waiting.dispatch.context, secrets: secretPlaceholders(config) };
  try {
    return { ok: true, config: (await expressions.renderTemplate(config, context)) as JsonObject };
  } catch (error) {
    const path = (error as { path?: unknown }).path;
    const expression = (error as { expression?: unknown }).expression;
    return {
      ok: false,
      error: {
        node,
        path: typeof path === 'string' && path ? `config.${path}` : null,
        expression: typeof expression === 'string' ? expression : null,
        message: error instanceof Error ? error.message : describeJqError(error),
      },
    };
  }
}

function describe(error: DryRunError): string {
  const where = error.path ? ` at ${error.path}` : '';
  const expression = error.expression !== null ? ` in {{ ${error.expression} }}` : '';
  return `template error${where}${expression}: ${error.message}`;
}

function describeResult(
  state: RunState,
  requests: Map<string, JsonObject>,
  errors: Map<string, DryRunError>,
): DryRunResult {
  const ordered = [...state.nodeRuns].sort((a, b) => a.position - b.position);
  const nodes = ordered.map((nodeRun): DryRunNode => {
    const failed = nodeRun.result !== 'SUCCESS';
    const error =
      errors.get(nodeRun.nodeIdentifier) ??
      (failed
        ? { node: nodeRun.nodeIdentifier, path: null, expression: null, message: failureOf(nodeRun) }
        : undefined);
    return {
      identifier: nodeRun.nodeIdentifier,
      type: nodeRun.nodeType,
      title: nodeRun.nodeTitle,
      result: failed ? 'FAILED' : 'SUCCESS',
      ...(nodeRun.nodeType === 'CONDITION' ? { selectedOption: nodeRun.selectedOption } : {}),
      ...(requests.has(nodeRun.nodeIdentifier) ? { request: requests.get(nodeRun.nodeIdentifier) } : {}),
      output: nodeRun.output,
      ...(error ? { error } : {}),
    };
  });
  const reached = new Set(ordered.map((nodeRun) => nodeRun.nodeIdentifier));
  return {
    result: state.result === 'SUCCESS' ? 'SUCCESS' : 'FAILED',
    path: ordered.map((nodeRun) => nodeRun.nodeIdentifier),
    nodes,
    notReached: state.workflow.nodes.map((node) => node.identifier).filter((id) => !reached.has(id)),
  };
}

function failureOf(nodeRun: NodeRunState): string {
  const message = (nodeRun.output['error'] as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : 'the node failed';
}

/** The self-service trigger a dry-run starts from (the first trigger node; the engine checks it). */
function findTrigger(workflow: JsonObject): string {
  const nodes = Array.isArray(workflow['nodes']) ? (workflow['nodes'] as JsonObject[]) : [];
  const trigger = nodes.find((node) => {
    const type = (node['config'] as JsonObject | undefined)?.['type'];
    return type === 'SELF_SERVE_TRIGGER' || type === 'EVENT_TRIGGER';
  });
  return typeof trigger?.['identifier'] === 'string' ? trigger['identifier'] : 'trigger';
}
