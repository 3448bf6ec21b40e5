import { actionOfWorkflow, actionRunIdOf, ActionNodes, type ActionRunStatus } from '@flowline/contracts';
import type { ActionRunFieldsEntity } from './action-run.entity';

/** The parts of the orchestrator's run view (reference §9.1) an action run is made from. */
export interface WorkflowRunView {
  identifier: string;
  title: string | null;
  icon: string | null;
  status: string;
  result: string | null;
  workflow: { identifier: string; version: number };
  createdBy: string;
  createdAt: string | null;
  updatedAt: string | null;
  completedAt: string | null;
  variables: { outputs: Record<string, unknown> | null };
  nodeRuns: NodeRunView[];
}

export interface NodeRunView {
  identifier: string;
  node: { identifier: string };
  status: string;
  result: string | null;
  output: unknown;
  externalRunId: string | null;
  approval?: unknown;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * An action's status from its workflow run (the approval contract's mapping): an approval step in
 * progress is WAITING_FOR_APPROVAL, a declined one DECLINED; a finished run is SUCCESS or FAILURE.
 */
export function actionRunStatusOf(run: WorkflowRunView): ActionRunStatus {
  const approval = run.nodeRuns.find((nodeRun) => nodeRun.node.identifier === ActionNodes.approval);
  if (approval?.status === 'IN_PROGRESS') return 'WAITING_FOR_APPROVAL';
  if (approval && isObject(approval.output) && approval.output['decision'] === 'DECLINE') return 'DECLINED';
  if (run.status !== 'COMPLETED') return 'IN_PROGRESS';
  return run.result === 'SUCCESS' ? 'SUCCESS' : 'FAILURE';
}

function named(identifier: unknown, title: unknown = null) {
  return typeof identifier === 'string'
    ? { identifier, title: title ?? null, icon: null, deleted: false }
    : null;
}

/**
 * Port's action run (`{ok, run}`) over a workflow run of an action: the trigger node's output is Port's
 * trigger data (self-service) or the event (automations); the backend node run carries the response.
 */
export function toActionRunView(run: WorkflowRunView, fields: ActionRunFieldsEntity | null) {
  const actionIdentifier = actionOfWorkflow(run.workflow.identifier) ?? run.workflow.identifier;
  const trigger = run.variables.outputs?.[ActionNodes.trigger];
  const triggerData = isObject(trigger) ? trigger : {};
  const automation = !('inputs' in triggerData);
  const event = automation ? triggerData : null;
  const diff = isObject(event?.['diff']) ? event['diff'] : {};
  const entity = automation ? (diff['after'] ?? diff['before']) : triggerData['entity'];
  const action = isObject(triggerData['action']) ? triggerData['action'] : {};
  const entityRecord = isObject(entity) ? entity : {};
  const backend = run.nodeRuns.find((nodeRun) => nodeRun.node.identifier === ActionNodes.backend);
  const approval = run.nodeRuns.find((nodeRun) => nodeRun.node.identifier === ActionNodes.approval);
  const origin = isObject(triggerData['trigger']) ? triggerData['trigger']['origin'] : undefined;
  const status = actionRunStatusOf(run);
  const approvalOutput = approval && isObject(approval.output) ? approval.output : undefined;
  // An action's backend adds what it was invoked with (`request`) to its output: Port's `payload`.
  const backendOutput = isObject(backend?.output) ? backend.output : undefined;
  return {
    id: actionRunIdOf(run.identifier),
    workflowRunIdentifier: run.identifier,
    action: { identifier: actionIdentifier, title: run.title, icon: run.icon, deleted: false },
    blueprint: named(action['blueprint'] ?? entityRecord['blueprint']),
    entity: named(entityRecord['identifier'], entityRecord['title']),
    properties: automation ? {} : (triggerData['inputs'] ?? {}),
    status,
    statusLabel: fields?.statusLabel ?? null,
    link: fields?.link ?? null,
    summary: fields?.summary ?? null,
    source: automation ? 'AUTOMATION' : typeof origin === 'string' ? origin : 'API',
    requiredApproval: approval !== undefined,
    approval: approval
      ? {
          ...(isObject(approval.approval) ? approval.approval : {}),
          decision: approvalOutput?.['decision'] ?? null,
          description: approvalOutput?.['description'] ?? null,
        }
      : null,
    payload: backendOutput?.['request'] ?? null,
    response: backendOutput ? (backendOutput['response'] ?? withoutRequest(backendOutput)) : null,
    externalRunId: backend?.externalRunId ?? null,
    endedAt: run.completedAt,
    createdBy: run.createdBy,
    updatedBy: run.createdBy,
    createdAt: run.createdAt,
    updatedAt: latest(run.updatedAt, fields?.updatedAt.toISOString() ?? null),
  };
}

function withoutRequest(output: Json): Json {
  const { request: _request, ...rest } = output;
  return rest;
}

function latest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}
