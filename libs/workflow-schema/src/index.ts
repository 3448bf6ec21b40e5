// Validation and normalisation of workflow definitions.
export {
  validateWorkflow,
  type ValidationResult,
  type ValidateWorkflowOptions,
} from './validation/validate-workflow';
export { normalizeWorkflow, toOriginalPath, type NormalizedWorkflow } from './normalize/normalize-workflow';
export type { PathAlias } from './normalize/normalization-context';
export { ProblemCode, type Problem } from './problems';
export { DEFAULT_WORKFLOW_LIMITS, nestingDepth, type WorkflowLimits } from './limits';
export { collectJqSources, type JqSource, type JqSyntaxChecker } from './validation/jq-expressions';

// The model.
export { Workflow, WorkflowNode, Connection, type WorkflowNodeOf } from './model/workflow';
export { NODE_CONFIG_CLASSES, type NodeConfig, type NodeConfigOf } from './model/node-config';
export {
  ACTION_TYPES,
  CONDITION_TYPE,
  INPUT_TYPE,
  NODE_TYPES,
  TRIGGER_TYPES,
  isActionType,
  isNodeType,
  isTriggerType,
  type ActionType,
  type NodeType,
  type TriggerType,
} from './model/node-types';
export { IDENTIFIER_MAX_LENGTH, IDENTIFIER_PATTERN, isIdentifier } from './model/identifier';
export { isJqQuery, type JqQuery } from './model/jq-query';
export {
  DEFAULT_RETRY_POLICY,
  ON_FAILURE,
  ON_TIMEOUT,
  RetryPolicy,
  WorkflowDefaults,
  resolveExecutionPolicy,
  type ExecutionPolicy,
  type OnFailure,
  type OnTimeout,
} from './model/execution-policy';
export {
  EVENT_TYPES,
  RUN_EVENT_TYPES,
  isRunEventType,
  EntityEvent,
  EventTriggerConfig,
  JqCondition,
  SelfServeTriggerConfig,
  type EventType,
} from './model/nodes/triggers';
export { HTTP_METHODS, WebhookConfig, type HttpMethod } from './model/nodes/webhook';
export { KafkaConfig } from './model/nodes/kafka';
export {
  checkOrgTopics,
  DEFAULT_ORG_TOPIC_SUFFIX,
  MAX_TOPIC_LENGTH,
  orgTopicProblem,
} from './model/nodes/kafka-topic';
export { EntityMapping, UpsertEntityConfig } from './model/nodes/upsert-entity';
export {
  GithubDispatch,
  INTEGRATION_INVOCATION_TYPES,
  INTEGRATION_PROVIDERS,
  IntegrationActionConfig,
  MAX_GITHUB_DISPATCH_INPUTS,
  type IntegrationInvocationType,
  type IntegrationProvider,
} from './model/nodes/integration-action';
export { AzureDevopsConfig, GithubConfig, GitlabConfig } from './model/nodes/git-providers';
export { ConditionConfig, ConditionOption } from './model/nodes/condition';
export {
  APPROVAL_DECISIONS,
  ApprovalNotify,
  Approvers,
  InputConfig,
  InputOutlet,
  isApprovalQuorum,
  type ApprovalDecision,
  type ApprovalOutcome,
  type ApprovalQuorum,
} from './model/nodes/input';
export { FormSection, FormStep, UserInputs } from './model/user-inputs/user-inputs';
export { ArrayInput, type UserInput } from './model/user-inputs/user-input';
export {
  BooleanInput,
  INPUT_TYPES,
  NumberInput,
  OBJECT_FORMATS,
  ObjectInput,
  STRING_FORMATS,
  StringInput,
  type InputType,
  type ObjectFormat,
  type StringFormat,
} from './model/user-inputs/input-base';
export { EntityDataset, EntitySort } from './model/user-inputs/dataset';

// Self-service submissions.
export {
  validateUserInputs,
  type UserInputsResult,
  type ValidateUserInputsOptions,
} from './user-inputs/validate-user-inputs';
export { formJqInput, type EvaluateJq, type FormContext } from './user-inputs/form-jq';

// For the orchestrator, editors and API docs.
export { WorkflowGraph } from './graph';
export { workflowJsonSchema, type JsonSchema } from './json-schema';
