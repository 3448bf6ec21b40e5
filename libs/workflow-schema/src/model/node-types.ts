/** Every `config.type` a node may have (reference §1, §5.5). */
export const TRIGGER_TYPES = ['SELF_SERVE_TRIGGER', 'EVENT_TRIGGER'] as const;
export const ACTION_TYPES = [
  'WEBHOOK',
  'KAFKA',
  'UPSERT_ENTITY',
  'INTEGRATION_ACTION',
  'GITHUB',
  'GITLAB',
  'AZURE_DEVOPS',
] as const;
export const CONDITION_TYPE = 'CONDITION';
/** A human decision (approval), taken in the orchestrator. */
export const INPUT_TYPE = 'INPUT';
export const NODE_TYPES = [...TRIGGER_TYPES, ...ACTION_TYPES, CONDITION_TYPE, INPUT_TYPE] as const;

export type TriggerType = (typeof TRIGGER_TYPES)[number];
export type ActionType = (typeof ACTION_TYPES)[number];
export type NodeType = (typeof NODE_TYPES)[number];

export function isNodeType(value: unknown): value is NodeType {
  return (NODE_TYPES as readonly unknown[]).includes(value);
}

export function isTriggerType(value: unknown): value is TriggerType {
  return (TRIGGER_TYPES as readonly unknown[]).includes(value);
}

export function isActionType(value: unknown): value is ActionType {
  return (ACTION_TYPES as readonly unknown[]).includes(value);
}
