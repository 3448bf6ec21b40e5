import { IsIn } from 'class-validator';
import { isJsonObject } from '../json';
import { NODE_TYPES, NodeType } from './node-types';
import { ConditionConfig } from './nodes/condition';
import { AzureDevopsConfig, GithubConfig, GitlabConfig } from './nodes/git-providers';
import { InputConfig } from './nodes/input';
import { IntegrationActionConfig } from './nodes/integration-action';
import { KafkaConfig } from './nodes/kafka';
import { EventTriggerConfig, SelfServeTriggerConfig } from './nodes/triggers';
import { UpsertEntityConfig } from './nodes/upsert-entity';
import { WebhookConfig } from './nodes/webhook';

/** A node's `config`, discriminated on `type`. */
export type NodeConfig =
  | SelfServeTriggerConfig
  | EventTriggerConfig
  | WebhookConfig
  | KafkaConfig
  | UpsertEntityConfig
  | IntegrationActionConfig
  | GithubConfig
  | GitlabConfig
  | AzureDevopsConfig
  | ConditionConfig
  | InputConfig;

export type NodeConfigOf<T extends NodeType> = Extract<NodeConfig, { type: T }>;

/** The class behind each `config.type`; also the list the JSON Schema's `oneOf` is built from. */
export const NODE_CONFIG_CLASSES: { [T in NodeType]: new () => NodeConfigOf<T> } = {
  SELF_SERVE_TRIGGER: SelfServeTriggerConfig,
  EVENT_TRIGGER: EventTriggerConfig,
  WEBHOOK: WebhookConfig,
  KAFKA: KafkaConfig,
  UPSERT_ENTITY: UpsertEntityConfig,
  INTEGRATION_ACTION: IntegrationActionConfig,
  GITHUB: GithubConfig,
  GITLAB: GitlabConfig,
  AZURE_DEVOPS: AzureDevopsConfig,
  CONDITION: ConditionConfig,
  INPUT: InputConfig,
};

/** Stands in for a config whose `type` is missing or unknown, so that is the one problem reported. */
export class UnrecognisedNodeConfig {
  @IsIn(NODE_TYPES, { message: `config.type must be one of ${NODE_TYPES.join(', ')}` })
  type!: string;
}

/**
 * The class for one node's config, chosen by `config.type`. Used as class-transformer's @Type
 * function rather than its `discriminator` option, which indexes into array elements and throws on
 * garbage such as `config: [null]`; validation must never throw.
 */
export function nodeConfigClassFor(config: unknown): new () => object {
  const type = isJsonObject(config) ? config.type : undefined;
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(NODE_CONFIG_CLASSES, type)
    ? NODE_CONFIG_CLASSES[type as NodeType]
    : UnrecognisedNodeConfig;
}
