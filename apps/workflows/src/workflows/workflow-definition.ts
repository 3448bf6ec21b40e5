import { normalizeWorkflow, type Problem, ProblemCode, validateWorkflow } from '@flowline/workflow-schema';
import { withoutEchoedConditions } from './port-form';

/**
 * Fields the server owns (reference §2, plus our soft-delete fields). A client that PUTs back a workflow
 * it fetched sends them along; they are dropped rather than refused, and never stored as sent.
 */
export const SERVER_OWNED_FIELDS: readonly string[] = [
  'orgId',
  'version',
  'createdBy',
  'updatedBy',
  'createdAt',
  'updatedAt',
  'isDeleted',
  'deletedAt',
  'deletedBy',
];

/** A definition that passed validation, in the client's spelling and in the canonical one. */
export interface AcceptedDefinition {
  identifier: string;
  /** As sent, minus server-owned fields: what GET answers with by default. */
  submitted: Record<string, unknown>;
  /** normalizeWorkflow's form: what the rest of Flowline reads. */
  canonical: Record<string, unknown>;
}

export type DefinitionReading =
  { ok: true; definition: AcceptedDefinition } | { ok: false; problems: Problem[] };

/**
 * Validates a request body as a workflow definition with `@flowline/workflow-schema` and returns every
 * problem at once. For PUT, `pathIdentifier` is the workflow being replaced: a body without an
 * identifier takes it, a body naming another workflow is refused.
 */
export async function readDefinition(body: unknown, pathIdentifier?: string): Promise<DefinitionReading> {
  const submitted = isObject(body) ? withoutEchoedConditions(withoutServerFields(body)) : body;
  const problems: Problem[] = [];
  if (pathIdentifier !== undefined && isObject(submitted)) {
    if (submitted['identifier'] === undefined) submitted['identifier'] = pathIdentifier;
    else if (submitted['identifier'] !== pathIdentifier) {
      problems.push({
        path: 'identifier',
        code: ProblemCode.INVALID_FIELD,
        message: `identifier must be "${pathIdentifier}", the workflow this request replaces`,
      });
    }
  }
  // Port accepts a workflow without `nodes`: a draft, stored with none, that cannot run until nodes come.
  const draft = isObject(submitted) && submitted['nodes'] === undefined;
  const result = await validateWorkflow(draft ? { ...submitted, nodes: [] } : submitted);
  problems.push(...result.problems.filter((p) => !(draft && p.code === ProblemCode.NO_TRIGGER)));
  if (problems.length > 0 || !isObject(submitted)) return { ok: false, problems };
  const canonical = (result.workflow ?? draftOf(submitted)) as unknown as Record<string, unknown>;
  return { ok: true, definition: { identifier: String(canonical['identifier']), submitted, canonical } };
}

/** The canonical form of a draft whose only problem is that it has no trigger (no nodes at all). */
function draftOf(submitted: Record<string, unknown>): unknown {
  return normalizeWorkflow({ ...submitted, nodes: [] }).workflow;
}

/** A one-line summary for the error message; the full list goes in `details`. */
export function describeProblems(problems: Problem[], shown = 3): string {
  const listed = problems.slice(0, shown).map((p) => `${p.path || '(definition)'}: ${p.message}`);
  const more = problems.length > shown ? `; and ${problems.length - shown} more` : '';
  return `the workflow definition has ${problems.length} problem(s): ${listed.join('; ')}${more}`;
}

export function withoutServerFields(body: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (!SERVER_OWNED_FIELDS.includes(key)) copy[key] = value;
  return copy;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
