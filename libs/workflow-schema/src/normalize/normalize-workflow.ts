import { JsonObject, cloneJson, isJsonObject } from '../json';
import { Workflow } from '../model/workflow';
import { childPath, isWithinPath } from '../paths';
import { Problem, ProblemCode, problem } from '../problems';
import { ConnectionLinks, applyConnectionLinks } from './condition-aliases';
import { normalizeNode } from './node-aliases';
import { NormalizationContext, PathAlias } from './normalization-context';

export interface NormalizedWorkflow {
  /**
   * The definition in its one canonical spelling, with defaults filled in. Not yet validated: it has
   * the `Workflow` shape only once validateWorkflow reports no problems.
   */
  workflow: Workflow;
  /** What the client sent, untouched, so the API can echo it back in the client's own spelling. */
  original: unknown;
  /** Canonical paths whose value came from another spelling, for reporting problems where they were sent. */
  aliases: PathAlias[];
  /** Problems only normalisation can see (conflicting spellings, dangling old-style condition links). */
  problems: Problem[];
}

/** Set by the server on read (reference §2); a client echoing a fetched workflow back may include them. */
const SERVER_FIELDS = ['orgId', 'version', 'createdBy', 'updatedBy', 'createdAt', 'updatedAt'];

/**
 * The single place every accepted spelling becomes the canonical one (reference §13):
 * - CONDITION `outlets` and `conditions[].connectionIdentifier` + `defaultConnectionIdentifier` -> `options`
 *   with connections labelled by `sourceOptionIdentifier` / `fallback`;
 * - connection `sourceOutletIdentifier` -> `sourceOptionIdentifier`; missing connection `identifier`s generated;
 * - both GitHub dispatch spellings -> `{ org, repo, workflow, workflowInputs, reportWorkflowStatus }`,
 *   provider `github-ocean` -> `GITHUB`, type `dispatch_workflow` -> `CREATE`;
 * - event `TIMER_PROPERTY_EXPIRED` -> `TIMER_EXPIRED`; `config.onFailure`/`onTimeout` -> the node;
 * - defaults: `connections: []`, `variables: {}`, `allowAnyoneToViewRuns: true`, webhook `method: POST`
 *   (upper-cased) and `synchronized: true`, event condition `combinator: and`, `userInputs: { properties: {} }`.
 * Never throws and never modifies `input`; anything it does not recognise is left for validation to report.
 */
export function normalizeWorkflow(input: unknown): NormalizedWorkflow {
  const context = new NormalizationContext();
  let copy: unknown;
  try {
    copy = cloneJson(input);
  } catch (error) {
    const message = `definition could not be read: ${error instanceof Error ? error.message : String(error)}`;
    return {
      workflow: input as Workflow,
      original: input,
      aliases: [],
      problems: [problem('', ProblemCode.INVALID_JSON, message)],
    };
  }
  if (!isJsonObject(copy)) {
    const problems = [problem('', ProblemCode.INVALID_JSON, 'a workflow definition must be a JSON object')];
    return { workflow: copy as Workflow, original: input, aliases: [], problems };
  }

  for (const field of SERVER_FIELDS) delete copy[field];
  if (copy.allowAnyoneToViewRuns === undefined) copy.allowAnyoneToViewRuns = true;
  if (copy.connections === undefined) copy.connections = [];

  const links: ConnectionLinks[] = [];
  if (Array.isArray(copy.nodes)) {
    copy.nodes.forEach((node, index) => {
      if (!isJsonObject(node)) return;
      const nodeLinks = normalizeNode(node, childPath('nodes', index), context);
      if (nodeLinks) links.push(nodeLinks);
    });
  }
  if (Array.isArray(copy.connections)) normalizeConnections(copy.connections, links, context);

  return {
    workflow: copy as unknown as Workflow,
    original: input,
    aliases: context.aliases,
    problems: context.problems,
  };
}

function normalizeConnections(
  connections: unknown[],
  links: ConnectionLinks[],
  context: NormalizationContext,
) {
  connections.forEach((connection, index) => {
    if (!isJsonObject(connection)) return;
    const path = childPath('connections', index);
    context.rename(connection, 'sourceOutletIdentifier', 'sourceOptionIdentifier', path);
    if (connection.fallback === false) delete connection.fallback;
  });
  applyConnectionLinks(links, connections, context);
  generateConnectionIdentifiers(connections);
}

/** The reference's examples never name connections; runs and logs need a name for each edge. */
function generateConnectionIdentifiers(connections: unknown[]) {
  const taken = new Set(connections.map((c) => (isJsonObject(c) ? c.identifier : undefined)));
  let counter = 0;
  for (const connection of connections) {
    if (!isJsonObject(connection) || connection.identifier !== undefined) continue;
    let identifier: string;
    do {
      counter += 1;
      identifier = `connection-${counter}`;
    } while (taken.has(identifier));
    taken.add(identifier);
    (connection as JsonObject).identifier = identifier;
  }
}

/** Rewrites a canonical path to the spelling the client used, e.g. `...options[0]` -> `...outlets[0]`. */
export function toOriginalPath(path: string, aliases: PathAlias[]): string {
  let best: PathAlias | undefined;
  for (const alias of aliases) {
    if (isWithinPath(path, alias.path) && (!best || alias.path.length > best.path.length)) best = alias;
  }
  return best ? best.originalPath + path.slice(best.path.length) : path;
}
