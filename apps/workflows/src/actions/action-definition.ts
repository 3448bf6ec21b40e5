import { type Problem, ProblemCode } from '@flowline/workflow-schema';

/** Port's v2 action / automation JSON (top level), as stored and answered. */
export interface ActionDefinition {
  identifier: string;
  title?: string;
  icon?: string;
  description?: string;
  trigger: SelfServiceTrigger | AutomationTrigger;
  invocationMethod: Record<string, unknown> & { type: InvocationType };
  requiredApproval?: boolean | { type: 'ANY' | 'ALL' };
  publish?: boolean;
  [field: string]: unknown;
}

export interface SelfServiceTrigger {
  type: 'self-service';
  operation: 'CREATE' | 'DAY-2' | 'DELETE';
  userInputs: Record<string, unknown>;
  blueprintIdentifier?: string;
  condition?: Record<string, unknown>;
}

export interface AutomationTrigger {
  type: 'automation';
  event: { type: AutomationEventType; blueprintIdentifier?: string; actionIdentifier?: string };
  condition?: { type: 'JQ'; expressions: string[]; combinator?: 'and' | 'or' };
}

export const OPERATIONS = ['CREATE', 'DAY-2', 'DELETE'] as const;
export const ENTITY_EVENTS = [
  'ENTITY_CREATED',
  'ENTITY_UPDATED',
  'ENTITY_DELETED',
  'ANY_ENTITY_CHANGE',
  'TIMER_PROPERTY_EXPIRED',
] as const;
export const RUN_EVENTS = ['RUN_CREATED', 'RUN_UPDATED', 'ANY_RUN_CHANGE'] as const;
export type AutomationEventType = (typeof ENTITY_EVENTS)[number] | (typeof RUN_EVENTS)[number];
export const INVOCATION_TYPES = [
  'WEBHOOK',
  'KAFKA',
  'GITHUB',
  'GITLAB',
  'AZURE_DEVOPS',
  'UPSERT_ENTITY',
  'INTEGRATION_ACTION',
] as const;
export type InvocationType = (typeof INVOCATION_TYPES)[number];

/** Port's action identifiers; the workflow's `action:` prefix leaves 53 of the engine's 60 characters. */
const ACTION_IDENTIFIER = /^[A-Za-z0-9@_=-]{1,53}$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const bad = (path: string, message: string): Problem => ({ path, code: ProblemCode.INVALID_FIELD, message });

/**
 * Checks the action-level shape (what the engine's workflow schema cannot know: trigger kinds, operations,
 * event keys, approval). The backend and the inputs are checked by the workflow schema once the graph is
 * built, with their problems mapped back to the action's paths.
 */
export function checkActionShape(body: unknown, pathIdentifier?: string): Problem[] {
  if (!isObject(body)) return [bad('', 'an action must be a JSON object')];
  const problems: Problem[] = [];
  const identifier = body['identifier'];
  if (typeof identifier !== 'string' || !ACTION_IDENTIFIER.test(identifier))
    problems.push(bad('identifier', 'identifier must be 1-53 characters of letters, digits, @, _, = or -'));
  else if (pathIdentifier !== undefined && identifier !== pathIdentifier)
    problems.push(
      bad('identifier', `identifier must be "${pathIdentifier}", the action this request replaces`),
    );
  for (const field of ['title', 'icon', 'description'])
    if (body[field] !== undefined && body[field] !== null && typeof body[field] !== 'string')
      problems.push(bad(field, `${field} must be a string`));
  if (body['publish'] !== undefined && typeof body['publish'] !== 'boolean')
    problems.push(bad('publish', 'publish must be a boolean'));
  problems.push(...checkApproval(body['requiredApproval']));
  problems.push(...checkTrigger(body['trigger']));
  const method = body['invocationMethod'];
  if (!isObject(method)) problems.push(bad('invocationMethod', 'invocationMethod must be an object'));
  else if (!(INVOCATION_TYPES as readonly unknown[]).includes(method['type']))
    problems.push(
      bad('invocationMethod.type', `invocationMethod.type must be one of ${INVOCATION_TYPES.join(', ')}`),
    );
  return problems;
}

function checkApproval(value: unknown): Problem[] {
  if (value === undefined || value === null || typeof value === 'boolean') return [];
  if (isObject(value) && (value['type'] === 'ANY' || value['type'] === 'ALL')) return [];
  return [bad('requiredApproval', 'requiredApproval must be a boolean or {type: "ANY" | "ALL"}')];
}

function checkTrigger(trigger: unknown): Problem[] {
  if (!isObject(trigger)) return [bad('trigger', 'trigger must be an object')];
  if (trigger['type'] === 'self-service') {
    const problems: Problem[] = [];
    if (!(OPERATIONS as readonly unknown[]).includes(trigger['operation']))
      problems.push(bad('trigger.operation', `trigger.operation must be one of ${OPERATIONS.join(', ')}`));
    if (!isObject(trigger['userInputs']))
      problems.push(bad('trigger.userInputs', 'trigger.userInputs must be an object'));
    const blueprint = trigger['blueprintIdentifier'];
    if (blueprint !== undefined && (typeof blueprint !== 'string' || blueprint === ''))
      problems.push(bad('trigger.blueprintIdentifier', 'trigger.blueprintIdentifier must be a string'));
    if (
      trigger['operation'] !== 'CREATE' &&
      trigger['operation'] !== undefined &&
      typeof blueprint !== 'string'
    )
      problems.push(
        bad('trigger.blueprintIdentifier', 'DAY-2 and DELETE actions need a blueprintIdentifier'),
      );
    if (trigger['condition'] !== undefined && !isObject(trigger['condition']))
      problems.push(bad('trigger.condition', 'trigger.condition must be an object'));
    return problems;
  }
  if (trigger['type'] === 'automation') return checkAutomationEvent(trigger['event']);
  return [bad('trigger.type', 'trigger.type must be "self-service" or "automation"')];
}

function checkAutomationEvent(event: unknown): Problem[] {
  if (!isObject(event)) return [bad('trigger.event', 'trigger.event must be an object')];
  const type = event['type'];
  if ((ENTITY_EVENTS as readonly unknown[]).includes(type)) {
    if (typeof event['blueprintIdentifier'] !== 'string' || event['blueprintIdentifier'] === '')
      return [bad('trigger.event.blueprintIdentifier', `${String(type)} needs a blueprintIdentifier`)];
    if (type === 'TIMER_PROPERTY_EXPIRED' && typeof event['propertyIdentifier'] !== 'string')
      return [bad('trigger.event.propertyIdentifier', 'TIMER_PROPERTY_EXPIRED needs a propertyIdentifier')];
    return [];
  }
  if ((RUN_EVENTS as readonly unknown[]).includes(type)) {
    if (typeof event['actionIdentifier'] !== 'string' || event['actionIdentifier'] === '')
      return [bad('trigger.event.actionIdentifier', `${String(type)} needs an actionIdentifier`)];
    return [];
  }
  const all = [...ENTITY_EVENTS, ...RUN_EVENTS].join(', ');
  return [bad('trigger.event.type', `trigger.event.type must be one of ${all}`)];
}
