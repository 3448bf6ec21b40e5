/**
 * Actions & Automations run on the workflow engine: an action is stored as a workflow whose identifier
 * is the action's with this prefix, and an action run `r_<X>` is the workflow run `wfr_<X>`.
 */
export const ACTION_WORKFLOW_PREFIX = 'action:';

/** The identifier of the workflow an action is stored as. */
export function actionWorkflowIdentifier(actionIdentifier: string): string {
  return `${ACTION_WORKFLOW_PREFIX}${actionIdentifier}`;
}

/** The action a workflow stands for, or undefined when it is an ordinary workflow. */
export function actionOfWorkflow(workflowIdentifier: string): string | undefined {
  return workflowIdentifier.startsWith(ACTION_WORKFLOW_PREFIX)
    ? workflowIdentifier.slice(ACTION_WORKFLOW_PREFIX.length)
    : undefined;
}

const ACTION_RUN_ID = /^r_([A-Za-z0-9]{16})$/;
const WORKFLOW_RUN_ID = /^wfr_([A-Za-z0-9]{16})$/;

/** `wfr_X` → `r_X`. */
export function actionRunIdOf(workflowRunId: string): string {
  const match = WORKFLOW_RUN_ID.exec(workflowRunId);
  if (!match) throw new Error(`not a workflow run id: ${workflowRunId}`);
  return `r_${match[1]}`;
}

/** `r_X` → `wfr_X`; undefined for anything that is not an action-run id. */
export function workflowRunIdOfActionRun(actionRunId: string): string | undefined {
  const match = ACTION_RUN_ID.exec(actionRunId);
  return match ? `wfr_${match[1]}` : undefined;
}

/** The node identifiers of an action's graph. */
export const ActionNodes = { trigger: 'trigger', approval: 'approval', backend: 'backend' } as const;

/** Action-run statuses (Port's spelling: FAILURE where workflows say FAILED). */
export const ActionRunStatuses = [
  'IN_PROGRESS',
  'SUCCESS',
  'FAILURE',
  'WAITING_FOR_APPROVAL',
  'DECLINED',
] as const;
export type ActionRunStatus = (typeof ActionRunStatuses)[number];
