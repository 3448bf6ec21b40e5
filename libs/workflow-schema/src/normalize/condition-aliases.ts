import { JsonObject, isJsonObject } from '../json';
import { childPath } from '../paths';
import { ProblemCode } from '../problems';
import { NormalizationContext } from './normalization-context';

/**
 * The oldest CONDITION shape points each branch at a connection `identifier` instead of naming the
 * branch on the connection: `{ conditions: [{ expression, connectionIdentifier }],
 * defaultConnectionIdentifier }` (reference §6). Collected while reading nodes, applied to connections.
 */
export interface ConnectionLinks {
  conditionIdentifier: unknown;
  nodePath: string;
  /** connection identifier -> option identifier (the same string) and its position in `conditions`. */
  options: Map<string, number>;
  defaultConnection?: string;
}

/** Brings a CONDITION config to `{ options: [...] }`, returning the links of the oldest shape if used. */
export function normalizeConditionConfig(
  node: JsonObject,
  config: JsonObject,
  nodePath: string,
  context: NormalizationContext,
): ConnectionLinks | undefined {
  const configPath = childPath(nodePath, 'config');
  context.rename(config, 'outlets', 'options', configPath);
  if (!('conditions' in config) && !('defaultConnectionIdentifier' in config)) return undefined;
  if ('options' in config) {
    context.report(
      childPath(configPath, 'conditions'),
      ProblemCode.CONFLICTING_ALIASES,
      'conditions/defaultConnectionIdentifier and options are two shapes of one CONDITION; send only options',
    );
    delete config.conditions;
    delete config.defaultConnectionIdentifier;
    return undefined;
  }

  const links: ConnectionLinks = { conditionIdentifier: node.identifier, nodePath, options: new Map() };
  const conditions = config.conditions;
  if (Array.isArray(conditions)) {
    config.options = conditions.map((condition, index) => {
      if (!isJsonObject(condition)) return condition;
      const { connectionIdentifier, ...rest } = condition;
      const conditionPath = childPath(childPath(configPath, 'conditions'), index);
      context.alias(
        childPath(childPath(childPath(configPath, 'options'), index), 'identifier'),
        childPath(conditionPath, 'connectionIdentifier'),
      );
      if (typeof connectionIdentifier === 'string') links.options.set(connectionIdentifier, index);
      // The connection identifier doubles as the option identifier: unique per branch, and readable.
      return { identifier: connectionIdentifier, ...rest };
    });
    context.alias(childPath(configPath, 'options'), childPath(configPath, 'conditions'));
  } else if (conditions !== undefined) {
    config.options = conditions;
    context.alias(childPath(configPath, 'options'), childPath(configPath, 'conditions'));
  } else {
    config.options = [];
  }
  if (typeof config.defaultConnectionIdentifier === 'string') {
    links.defaultConnection = config.defaultConnectionIdentifier;
  } else if (config.defaultConnectionIdentifier !== undefined) {
    context.report(
      childPath(configPath, 'defaultConnectionIdentifier'),
      ProblemCode.INVALID_FIELD,
      'defaultConnectionIdentifier must be a connection identifier',
    );
  }
  delete config.conditions;
  delete config.defaultConnectionIdentifier;
  return links;
}

/** Labels the connections the oldest CONDITION shape points at with their option or as the fallback. */
export function applyConnectionLinks(
  links: ConnectionLinks[],
  connections: unknown[],
  context: NormalizationContext,
): void {
  for (const link of links) {
    const configPath = childPath(link.nodePath, 'config');
    const wanted: Array<[string, number | 'fallback']> = [...link.options.entries()];
    if (link.defaultConnection !== undefined) wanted.push([link.defaultConnection, 'fallback']);
    for (const [connectionIdentifier, option] of wanted) {
      const originalPath =
        option === 'fallback'
          ? childPath(configPath, 'defaultConnectionIdentifier')
          : childPath(childPath(childPath(configPath, 'conditions'), option), 'connectionIdentifier');
      const index = connections.findIndex((c) => isJsonObject(c) && c.identifier === connectionIdentifier);
      const connection = connections[index];
      if (!isJsonObject(connection) || connection.sourceIdentifier !== link.conditionIdentifier) {
        context.report(
          originalPath,
          ProblemCode.UNKNOWN_CONDITION_CONNECTION,
          index < 0
            ? `no connection has identifier "${connectionIdentifier}"`
            : `connection "${connectionIdentifier}" does not leave this CONDITION node`,
        );
        continue;
      }
      const connectionPath = childPath('connections', index);
      if (option === 'fallback') {
        connection.fallback = true;
        context.alias(childPath(connectionPath, 'fallback'), originalPath);
      } else {
        connection.sourceOptionIdentifier = connectionIdentifier;
        context.alias(childPath(connectionPath, 'sourceOptionIdentifier'), originalPath);
      }
    }
  }
}
