import { validateMessage, WorkflowDefinitionSnapshot } from '@flowline/contracts';
import { EventTriggerConfig, type EventType, type UserInputs } from '@flowline/workflow-schema';

/** An EVENT_TRIGGER node, as the index needs it (reference §4). */
export interface EventTrigger {
  nodeIdentifier: string;
  eventType: EventType;
  /** The blueprint; for run events (RUN_UPDATED, ANY_RUN_CHANGE), the action whose runs fire it. */
  blueprint: string;
  /** The timer property of a TIMER_EXPIRED trigger. */
  propertyIdentifier?: string;
  condition?: { expressions: string[]; combinator: 'and' | 'or' };
}

/** A SELF_SERVE_TRIGGER node (reference §3). */
export interface SelfServeTrigger {
  nodeIdentifier: string;
  userInputs: UserInputs;
  /** `config.permissions` ([L] `{ roles, users, teams, policy }`), when the definition has them. */
  permissions?: Record<string, unknown>;
  /** [L] an unpublished trigger cannot be run. */
  published: boolean;
}

/** The latest version of a workflow with its triggers read out, in node order. */
export interface IndexedWorkflow {
  orgId: string;
  identifier: string;
  version: number;
  /** What a run request carries as the pinned version. */
  snapshot: WorkflowDefinitionSnapshot;
  /** Published event triggers only: an unpublished one never fires. */
  eventTriggers: EventTrigger[];
  selfServeTriggers: SelfServeTrigger[];
}

export type IndexedWorkflowReading =
  { ok: true; workflow: IndexedWorkflow } | { ok: false; problems: string[] };

/**
 * Reads the triggers out of a definition snapshot (already validated by the workflows service when it
 * was saved). Whatever this service relies on is checked again, so a malformed message on the topic is
 * reported and skipped instead of breaking matching later.
 */
export function readIndexedWorkflow(raw: unknown): IndexedWorkflowReading {
  const envelope = validateMessage(WorkflowDefinitionSnapshot, raw);
  if (!envelope.ok)
    return { ok: false, problems: envelope.problems.map((p) => `workflow.${p.path}: ${p.message}`) };
  const snapshot = raw as WorkflowDefinitionSnapshot;
  const problems: string[] = [];
  const eventTriggers: EventTrigger[] = [];
  const selfServeTriggers: SelfServeTrigger[] = [];
  snapshot.nodes.forEach((node, index) => {
    const path = `workflow.nodes[${index}]`;
    const identifier = node['identifier'];
    const config = node['config'] as Record<string, unknown> | undefined;
    if (typeof identifier !== 'string' || identifier.length === 0) {
      problems.push(`${path}.identifier: must be a non-empty string`);
      return;
    }
    if (config === null || typeof config !== 'object' || Array.isArray(config)) {
      problems.push(`${path}.config: must be an object`);
      return;
    }
    if (config['type'] === 'EVENT_TRIGGER') {
      const reading = readEventTrigger(identifier, config);
      if (typeof reading === 'string') problems.push(`${path}.config.${reading}`);
      else if (reading) eventTriggers.push(reading);
    } else if (config['type'] === 'SELF_SERVE_TRIGGER') {
      const reading = readSelfServeTrigger(identifier, config);
      if (typeof reading === 'string') problems.push(`${path}.config.${reading}`);
      else selfServeTriggers.push(reading);
    }
  });
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    workflow: {
      orgId: snapshot.orgId,
      identifier: snapshot.identifier,
      version: snapshot.version,
      snapshot,
      eventTriggers,
      selfServeTriggers,
    },
  };
}

/** The trigger, undefined when it is unpublished, or the first problem as `path: message`. */
function readEventTrigger(
  nodeIdentifier: string,
  config: Record<string, unknown>,
): EventTrigger | undefined | string {
  const checked = validateMessage(EventTriggerConfig, config);
  if (!checked.ok) return `${checked.problems[0].path}: ${checked.problems[0].message}`;
  const { event, condition, published } = checked.message;
  if (published === false) return undefined;
  return {
    nodeIdentifier,
    eventType: event.type,
    blueprint: event.blueprintIdentifier ?? event.actionIdentifier ?? '',
    ...(event.propertyIdentifier === undefined ? {} : { propertyIdentifier: event.propertyIdentifier }),
    ...(condition
      ? { condition: { expressions: [...condition.expressions], combinator: condition.combinator ?? 'and' } }
      : {}),
  };
}

function readSelfServeTrigger(
  nodeIdentifier: string,
  config: Record<string, unknown>,
): SelfServeTrigger | string {
  const { userInputs, permissions, published } = config;
  if (!isObject(userInputs)) return 'userInputs: must be an object';
  if (permissions !== undefined && !isObject(permissions)) return 'permissions: must be an object';
  if (published !== undefined && typeof published !== 'boolean') return 'published: must be a boolean';
  return {
    nodeIdentifier,
    userInputs: userInputs as unknown as UserInputs,
    ...(permissions === undefined ? {} : { permissions }),
    published: published !== false,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
