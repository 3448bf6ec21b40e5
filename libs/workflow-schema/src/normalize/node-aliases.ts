import { JsonObject, isJsonObject } from '../json';
import { childPath } from '../paths';
import { ProblemCode } from '../problems';
import { ConnectionLinks, normalizeConditionConfig } from './condition-aliases';
import { normalizeGithubDispatch, normalizeIntegrationActionConfig } from './github-aliases';
import { NormalizationContext } from './normalization-context';

/** Port's later docs put these inside an action's `config`; Flowline keeps them on the node. */
const NODE_LEVEL_OPTIONS_IN_CONFIG = ['onFailure', 'onTimeout'];

/** Brings one node to canonical form in place; returns the oldest CONDITION shape's links, if used. */
export function normalizeNode(node: JsonObject, nodePath: string, context: NormalizationContext) {
  if (node.variables === undefined) node.variables = {};
  const config = node.config;
  if (!isJsonObject(config)) return undefined;
  const configPath = childPath(nodePath, 'config');

  for (const option of NODE_LEVEL_OPTIONS_IN_CONFIG) {
    if (!(option in config)) continue;
    const value = config[option];
    delete config[option];
    const nodeOptionPath = childPath(nodePath, option);
    if (option in node) {
      if (node[option] !== value) {
        context.report(
          childPath(configPath, option),
          ProblemCode.CONFLICTING_ALIASES,
          `${option} is set on both the node and its config with different values; set it on the node`,
        );
      }
      continue;
    }
    node[option] = value;
    context.alias(nodeOptionPath, childPath(configPath, option));
  }

  let links: ConnectionLinks | undefined;
  switch (config.type) {
    case 'CONDITION':
      links = normalizeConditionConfig(node, config, nodePath, context);
      break;
    case 'INTEGRATION_ACTION':
      normalizeIntegrationActionConfig(config, configPath, context);
      break;
    case 'GITHUB':
      normalizeGithubDispatch(config, configPath, context);
      break;
    case 'WEBHOOK':
      normalizeWebhookConfig(config);
      break;
    case 'EVENT_TRIGGER':
      normalizeEventTriggerConfig(config);
      break;
    case 'SELF_SERVE_TRIGGER':
      if (config.userInputs === undefined) config.userInputs = { properties: {} };
      break;
    case 'INPUT':
      if (config.inputType === undefined) config.inputType = 'APPROVAL';
      if (config.quorum === undefined) config.quorum = 'ANY';
      if (config.outlets === undefined) config.outlets = [];
      break;
    default:
      break;
  }
  return links;
}

function normalizeWebhookConfig(config: JsonObject) {
  // The API schema types `method` as a free string; clients send `post` as often as `POST`.
  if (config.method === undefined) config.method = 'POST';
  else if (typeof config.method === 'string') config.method = config.method.toUpperCase();
  if (config.synchronized === undefined) config.synchronized = true;
}

function normalizeEventTriggerConfig(config: JsonObject) {
  // Automations spell the timer event TIMER_PROPERTY_EXPIRED (reference §4, §11).
  if (isJsonObject(config.event) && config.event.type === 'TIMER_PROPERTY_EXPIRED') {
    config.event.type = 'TIMER_EXPIRED';
  }
  if (isJsonObject(config.condition) && config.condition.combinator === undefined) {
    config.condition.combinator = 'and';
  }
}
