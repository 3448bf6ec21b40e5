import { JsonObject, isJsonObject } from '../json';
import { INPUT_TYPE } from '../model/node-types';
import { childPath } from '../paths';
import { Problem, ProblemCode, problem } from '../problems';

/**
 * An INPUT node's outlets and default connection name connections that exist and leave that node, one
 * outlet per decision; every connection leaving it is named by one of them (else it could never be
 * taken).
 */
export function checkInputOutlets(workflow: JsonObject): Problem[] {
  if (!Array.isArray(workflow.nodes)) return [];
  const connections = Array.isArray(workflow.connections) ? workflow.connections : [];
  const problems: Problem[] = [];
  workflow.nodes.forEach((node, index) => {
    if (!isJsonObject(node) || !isJsonObject(node.config) || node.config.type !== INPUT_TYPE) return;
    const configPath = childPath(childPath('nodes', index), 'config');
    const named = new Set<string>();
    const mustLeave = (identifier: unknown, path: string) => {
      if (typeof identifier !== 'string') return;
      named.add(identifier);
      const connection = connections.find((c) => isJsonObject(c) && c.identifier === identifier);
      if (isJsonObject(connection) && connection.sourceIdentifier === node.identifier) return;
      const message = connection
        ? `connection "${identifier}" does not leave INPUT node "${String(node.identifier)}"`
        : `no connection has identifier "${identifier}"`;
      problems.push(problem(path, ProblemCode.UNKNOWN_OUTLET_CONNECTION, message));
    };
    const decisions = new Set<unknown>();
    const outlets = Array.isArray(node.config.outlets) ? node.config.outlets : [];
    outlets.forEach((outlet, outletIndex) => {
      if (!isJsonObject(outlet)) return;
      const outletPath = childPath(childPath(configPath, 'outlets'), outletIndex);
      if (decisions.has(outlet.decision)) {
        const message = `decision ${String(outlet.decision)} already has an outlet`;
        problems.push(problem(childPath(outletPath, 'decision'), ProblemCode.DUPLICATE_OUTLET, message));
      }
      decisions.add(outlet.decision);
      mustLeave(outlet.connectionIdentifier, childPath(outletPath, 'connectionIdentifier'));
    });
    mustLeave(node.config.defaultConnectionIdentifier, childPath(configPath, 'defaultConnectionIdentifier'));
    connections.forEach((connection, connectionIndex) => {
      if (!isJsonObject(connection) || connection.sourceIdentifier !== node.identifier) return;
      if (typeof connection.identifier === 'string' && named.has(connection.identifier)) return;
      const message = `connection leaves INPUT node "${String(node.identifier)}" but no outlet or defaultConnectionIdentifier names it, so it is never taken`;
      problems.push(
        problem(childPath('connections', connectionIndex), ProblemCode.UNROUTED_INPUT_CONNECTION, message),
      );
    });
  });
  return problems;
}
