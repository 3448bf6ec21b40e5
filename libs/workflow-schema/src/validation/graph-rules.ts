import { findCycles, reachableFrom } from '../graph-algorithms';
import { JsonObject, isJsonObject } from '../json';
import { CONDITION_TYPE, isTriggerType } from '../model/node-types';
import { childPath, joinPath } from '../paths';
import { checkInputOutlets } from './input-rules';
import { Problem, ProblemCode, problem } from '../problems';

/** What the graph rules need from a node, read leniently: field-level problems are reported elsewhere. */
interface NodeView {
  index: number;
  identifier: string;
  type: unknown;
  /** Option identifiers, for CONDITION nodes. */
  options: Set<string>;
}

interface ConnectionView {
  index: number;
  identifier: unknown;
  source: unknown;
  target: unknown;
  option: unknown;
  fallback: boolean;
}

/**
 * The rules that make a definition a runnable graph (DESIGN.md §4): one or more triggers that are
 * never targets, unique identifiers, connections between existing nodes, CONDITION edges labelled
 * with one of its options or as its single fallback, no cycles, every node reachable from a trigger.
 * Fan-out and several incoming edges are allowed (branches run in parallel and join).
 */
export function checkGraph(workflow: JsonObject): Problem[] {
  const problems: Problem[] = [];
  const nodes = readNodes(workflow.nodes, problems);
  const connections = readConnections(workflow.connections);
  const byId = new Map<string, NodeView>();
  for (const node of nodes) if (!byId.has(node.identifier)) byId.set(node.identifier, node);

  const triggers = nodes.filter((node) => isTriggerType(node.type));
  if (Array.isArray(workflow.nodes) && triggers.length === 0) {
    problems.push(problem('nodes', ProblemCode.NO_TRIGGER, 'a workflow needs at least one trigger node'));
  }
  checkConnectionIdentifiers(connections, problems);

  const successors = new Map<string, string[]>();
  const seenEdges = new Set<string>();
  const fallbacks = new Set<string>();
  for (const connection of connections) {
    const path = childPath('connections', connection.index);
    const source = typeof connection.source === 'string' ? byId.get(connection.source) : undefined;
    const target = typeof connection.target === 'string' ? byId.get(connection.target) : undefined;
    if (typeof connection.source === 'string' && !source) {
      problems.push(unknownNode(path, 'sourceIdentifier', connection.source));
    }
    if (typeof connection.target === 'string' && !target) {
      problems.push(unknownNode(path, 'targetIdentifier', connection.target));
    }
    if (target && isTriggerType(target.type)) {
      problems.push(
        problem(
          childPath(path, 'targetIdentifier'),
          ProblemCode.TRIGGER_AS_TARGET,
          `"${target.identifier}" is a trigger; triggers start runs and cannot be the target of a connection`,
        ),
      );
    }
    if (source) problems.push(...checkBranchLabel(connection, source, path, fallbacks));
    if (!source || !target) continue;

    const edgeKey = JSON.stringify([
      source.identifier,
      connection.option ?? null,
      connection.fallback,
      target.identifier,
    ]);
    if (seenEdges.has(edgeKey)) {
      problems.push(problem(path, ProblemCode.DUPLICATE_CONNECTION, 'the same connection appears twice'));
    }
    seenEdges.add(edgeKey);
    successors.set(source.identifier, [...(successors.get(source.identifier) ?? []), target.identifier]);
  }

  problems.push(...checkInputOutlets(workflow));
  problems.push(...checkCycles([...byId.keys()], successors, connections));
  if (triggers.length > 0) {
    const reached = reachableFrom(
      triggers.map((trigger) => trigger.identifier),
      successors,
    );
    for (const node of byId.values()) {
      if (reached.has(node.identifier)) continue;
      problems.push(
        problem(
          childPath('nodes', node.index),
          ProblemCode.UNREACHABLE_NODE,
          `"${node.identifier}" cannot be reached from any trigger, so it would never run`,
        ),
      );
    }
  }
  return problems;
}

function readNodes(value: unknown, problems: Problem[]): NodeView[] {
  if (!Array.isArray(value)) return [];
  const seen = new Set<string>();
  const views: NodeView[] = [];
  value.forEach((node, index) => {
    if (!isJsonObject(node) || typeof node.identifier !== 'string') return;
    const identifierPath = childPath(childPath('nodes', index), 'identifier');
    if (seen.has(node.identifier)) {
      problems.push(
        problem(
          identifierPath,
          ProblemCode.DUPLICATE_NODE_IDENTIFIER,
          `node "${node.identifier}" is defined twice`,
        ),
      );
      return;
    }
    seen.add(node.identifier);
    const config = isJsonObject(node.config) ? node.config : {};
    views.push({
      index,
      identifier: node.identifier,
      type: config.type,
      options: readOptions(config, index, problems),
    });
  });
  return views;
}

function readOptions(config: JsonObject, nodeIndex: number, problems: Problem[]): Set<string> {
  const options = new Set<string>();
  if (config.type !== CONDITION_TYPE || !Array.isArray(config.options)) return options;
  config.options.forEach((option, index) => {
    if (!isJsonObject(option) || typeof option.identifier !== 'string') return;
    if (options.has(option.identifier)) {
      const path = joinPath('nodes', nodeIndex, 'config', 'options', index, 'identifier');
      problems.push(
        problem(
          path,
          ProblemCode.DUPLICATE_OPTION_IDENTIFIER,
          `option "${option.identifier}" is defined twice`,
        ),
      );
    }
    options.add(option.identifier);
  });
  return options;
}

function readConnections(value: unknown): ConnectionView[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((connection, index) =>
    isJsonObject(connection)
      ? [
          {
            index,
            identifier: connection.identifier,
            source: connection.sourceIdentifier,
            target: connection.targetIdentifier,
            option: connection.sourceOptionIdentifier,
            fallback: connection.fallback === true,
          },
        ]
      : [],
  );
}

function checkConnectionIdentifiers(connections: ConnectionView[], problems: Problem[]) {
  const seen = new Set<unknown>();
  for (const connection of connections) {
    if (typeof connection.identifier !== 'string') continue;
    if (seen.has(connection.identifier)) {
      problems.push(
        problem(
          childPath(childPath('connections', connection.index), 'identifier'),
          ProblemCode.DUPLICATE_CONNECTION_IDENTIFIER,
          `connection "${connection.identifier}" is defined twice`,
        ),
      );
    }
    seen.add(connection.identifier);
  }
}

/** An edge leaving a CONDITION names one of its options or is its single fallback; others name neither. */
function checkBranchLabel(
  connection: ConnectionView,
  source: NodeView,
  path: string,
  fallbacks: Set<string>,
) {
  const hasOption = connection.option !== undefined;
  if (source.type !== CONDITION_TYPE) {
    if (!hasOption && !connection.fallback) return [];
    const field = hasOption ? 'sourceOptionIdentifier' : 'fallback';
    const message = `"${source.identifier}" is not a CONDITION node, so its connections take no option or fallback`;
    return [problem(childPath(path, field), ProblemCode.NOT_A_CONDITION_EDGE, message)];
  }
  if (hasOption && connection.fallback) {
    const message = 'a CONDITION connection is either for an option or the fallback, not both';
    return [problem(path, ProblemCode.AMBIGUOUS_CONDITION_EDGE, message)];
  }
  if (connection.fallback) {
    if (fallbacks.has(source.identifier)) {
      const message = `"${source.identifier}" already has a fallback connection`;
      return [problem(childPath(path, 'fallback'), ProblemCode.MULTIPLE_FALLBACKS, message)];
    }
    fallbacks.add(source.identifier);
    return [];
  }
  if (!hasOption) {
    const message = `connections leaving CONDITION "${source.identifier}" need sourceOptionIdentifier or fallback: true`;
    return [problem(path, ProblemCode.MISSING_CONDITION_OPTION, message)];
  }
  if (typeof connection.option === 'string' && !source.options.has(connection.option)) {
    const known = [...source.options].join(', ') || 'none';
    const message = `"${source.identifier}" has no option "${connection.option}" (options: ${known})`;
    return [
      problem(childPath(path, 'sourceOptionIdentifier'), ProblemCode.UNKNOWN_CONDITION_OPTION, message),
    ];
  }
  return [];
}

function checkCycles(
  ids: string[],
  successors: Map<string, string[]>,
  connections: ConnectionView[],
): Problem[] {
  return findCycles(ids, successors).map((walk) => {
    // Point at the connection that closes the loop, so an editor can highlight an edge to remove.
    const [last, first] = [walk[walk.length - 2], walk[walk.length - 1]];
    const closing = connections.find((c) => c.source === last && c.target === first);
    const path = closing ? childPath('connections', closing.index) : 'connections';
    return problem(path, ProblemCode.CYCLE, `connections form a cycle: ${walk.join(' -> ')}`);
  });
}

function unknownNode(path: string, field: string, identifier: string): Problem {
  return problem(
    childPath(path, field),
    ProblemCode.UNKNOWN_CONNECTION_NODE,
    `no node has identifier "${identifier}"`,
  );
}
