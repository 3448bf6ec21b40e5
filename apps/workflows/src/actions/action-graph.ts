import { ActionNodes, actionWorkflowIdentifier } from '@flowline/contracts';
import { findTemplates } from '@flowline/jq';
import { type ActionDefinition, type AutomationTrigger, type SelfServiceTrigger } from './action-definition';

/**
 * The JQ root of an action's templates is Port's trigger data (`inputs, trigger, entity, action, run`,
 * `event`), not the workflow context: every `{{ expr }}` of the backend is rewritten to read from it.
 * Self-service runs carry the trigger data as the trigger node's output; automations build it from the
 * event. `run.id` is the action-run id of the workflow run, `secrets` stays the org's secrets.
 */
const RUN_ID = '("r_" + (.workflowRun.identifier | ltrimstr("wfr_")))';
const SELF_SERVICE_ROOT = `(.outputs.trigger + {run: {id: ${RUN_ID}}, secrets: .secrets})`;

function automationRoot(action: ActionDefinition): string {
  const summary = JSON.stringify({ identifier: action.identifier, blueprint: null, encryptedProperties: [] });
  return (
    `({inputs: null, event: .outputs.trigger, ` +
    `trigger: ((.outputs.trigger.trigger // {}) + {origin: "AUTOMATION"}), ` +
    `entity: (if .outputs.trigger.resourceType == "run" then null ` +
    `else (.outputs.trigger.diff.after // .outputs.trigger.diff.before) end), ` +
    `action: ${summary}, run: {id: ${RUN_ID}}, secrets: .secrets})`
  );
}

/** Port's default run message, sent by WEBHOOK and KAFKA backends that give no `body` / `payload`. */
const DEFAULT_RUN_MESSAGE = {
  action: '{{ .action.identifier }}',
  resourceType: 'run',
  status: 'TRIGGERED',
  trigger: '{{ .trigger }}',
  context: {
    entity: '{{ .entity.identifier // null }}',
    blueprint: '{{ .action.blueprint }}',
    runId: '{{ .run.id }}',
  },
  payload: {
    entity: '{{ .entity }}',
    action: '{{ .action }}',
    properties: '{{ .inputs }}',
    censoredProperties: '{{ .action.encryptedProperties // [] }}',
  },
};

/** Rewrites every template of a JSON value (keys included) to evaluate `expr` over `root`. */
export function rootTemplatesAt(value: unknown, root: string): unknown {
  if (typeof value === 'string') return rootString(value, root);
  if (Array.isArray(value)) return value.map((item) => rootTemplatesAt(item, root));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [rootString(key, root), rootTemplatesAt(item, root)]),
    );
  return value;
}

function rootString(text: string, root: string): string {
  const { parts } = findTemplates(text);
  if (parts.length === 0) return text;
  let rewritten = '';
  let at = 0;
  for (const part of parts) {
    rewritten += `${text.slice(at, part.start)}{{ ${root} | (${part.expression}) }}`;
    at = part.end;
  }
  return rewritten + text.slice(at);
}

/** The backend node's config for an invocation method, with Port's defaults applied. */
export function backendConfigOf(method: ActionDefinition['invocationMethod']): Record<string, unknown> {
  const { type, ...fields } = method;
  switch (type) {
    case 'WEBHOOK': {
      const { agent: _agent, body, synchronized, ...rest } = fields;
      // Port's webhook backend is asynchronous unless `synchronized: true`.
      return { type, ...rest, synchronized: synchronized === true, body: body ?? DEFAULT_RUN_MESSAGE };
    }
    case 'KAFKA': {
      // Port's Kafka action stays IN_PROGRESS until its consumer reports on the run.
      const { payload, ...rest } = fields;
      return { type, ...rest, payload: payload ?? DEFAULT_RUN_MESSAGE, synchronized: false };
    }
    case 'GITHUB':
      // Port's default: the run finishes with the GitHub workflow's result.
      return { type, ...fields, reportWorkflowStatus: fields['reportWorkflowStatus'] ?? true };
    case 'GITLAB':
    case 'AZURE_DEVOPS':
    case 'UPSERT_ENTITY':
    case 'INTEGRATION_ACTION':
      return { type, ...fields };
  }
}

function triggerNodeOf(action: ActionDefinition): Record<string, unknown> {
  const trigger = action.trigger;
  if (trigger.type === 'self-service') return selfServiceTriggerNode(action, trigger);
  return automationTriggerNode(action, trigger);
}

function selfServiceTriggerNode(action: ActionDefinition, trigger: SelfServiceTrigger) {
  return {
    identifier: ActionNodes.trigger,
    title: action.title ?? action.identifier,
    config: {
      type: 'SELF_SERVE_TRIGGER',
      userInputs: trigger.userInputs,
      published: action.publish !== false,
    },
  };
}

function automationTriggerNode(action: ActionDefinition, trigger: AutomationTrigger) {
  const { type, ...event } = trigger.event;
  // The workflow engine names the timer event TIMER_EXPIRED; run events are matched by the triggers
  // service against the action-run topic, keyed on the action.
  const engineType = type === 'TIMER_PROPERTY_EXPIRED' ? 'TIMER_EXPIRED' : type;
  return {
    identifier: ActionNodes.trigger,
    title: action.title ?? action.identifier,
    config: {
      type: 'EVENT_TRIGGER',
      event: { type: engineType, ...event },
      ...(trigger.condition ? { condition: trigger.condition } : {}),
      published: action.publish !== false,
    },
  };
}

/** An approval step's INPUT node (the Approvals contract): approvers from the action's permissions. */
export function approvalNodeOf(
  action: ActionDefinition,
  approvers: { users?: string[]; roles?: string[]; teams?: string[] },
): Record<string, unknown> {
  const quorum =
    typeof action.requiredApproval === 'object' && action.requiredApproval?.type === 'ALL' ? 'ALL' : 'ANY';
  const listed = {
    users: approvers.users ?? [],
    roles: approvers.roles ?? [],
    teams: approvers.teams ?? [],
  };
  // Until `permissions.approve` names anyone, the org's admins approve (Port's default).
  const nobody = listed.users.length + listed.roles.length + listed.teams.length === 0;
  return {
    identifier: ActionNodes.approval,
    title: 'Approval',
    config: {
      type: 'INPUT',
      inputType: 'APPROVAL',
      approvers: nobody ? { ...listed, roles: ['admin'] } : listed,
      quorum,
      outlets: [{ decision: 'APPROVE', connectionIdentifier: 'c-approve' }],
    },
  };
}

export function requiresApproval(action: ActionDefinition): boolean {
  const value = action.requiredApproval;
  return value === true || (typeof value === 'object' && value !== null);
}

export interface GraphOptions {
  /** Whether the engine knows the INPUT node yet; without it an approval cannot be wired. */
  approvals: boolean;
  approvers?: { users?: string[]; roles?: string[]; teams?: string[] };
}

/**
 * The workflow an action runs as: trigger → backend, or trigger → INPUT (approval) → backend when
 * `requiredApproval` is set.
 */
export function actionWorkflowOf(action: ActionDefinition, options: GraphOptions): Record<string, unknown> {
  const root = action.trigger.type === 'self-service' ? SELF_SERVICE_ROOT : automationRoot(action);
  const backend = {
    identifier: ActionNodes.backend,
    title: action.title ?? action.identifier,
    config: rootTemplatesAt(backendConfigOf(action.invocationMethod), root),
  };
  const withApproval = options.approvals && requiresApproval(action);
  const nodes = withApproval
    ? [triggerNodeOf(action), approvalNodeOf(action, options.approvers ?? {}), backend]
    : [triggerNodeOf(action), backend];
  const connections = withApproval
    ? [
        { sourceIdentifier: ActionNodes.trigger, targetIdentifier: ActionNodes.approval },
        {
          identifier: 'c-approve',
          sourceIdentifier: ActionNodes.approval,
          targetIdentifier: ActionNodes.backend,
        },
      ]
    : [{ sourceIdentifier: ActionNodes.trigger, targetIdentifier: ActionNodes.backend }];
  return {
    identifier: actionWorkflowIdentifier(action.identifier),
    title: action.title ?? action.identifier,
    ...(action.icon ? { icon: action.icon } : {}),
    ...(action.description ? { description: action.description } : {}),
    nodes,
    connections,
  };
}

/** Where a problem the workflow schema found in the graph is in the action's JSON. */
export function actionPathOf(workflowPath: string): string {
  const node = /^nodes\[(\d+)\]\.config(.*)$/.exec(workflowPath);
  if (!node) return workflowPath.startsWith('nodes') ? 'invocationMethod' : workflowPath;
  const [, index, rest] = node;
  if (index === '0') return `trigger${rest.replace(/^\.event\.type$/, '.event.type')}`;
  return `invocationMethod${rest}`;
}
