import { createHash } from 'node:crypto';
import { type Problem, validateWorkflow, type Workflow } from '@flowline/workflow-schema';
import type { JsonObject } from './run-state';

export type PinnedDefinition =
  { ok: true; workflow: Workflow } | { ok: false; workflow: Workflow; message: string };

const MAX_LISTED_PROBLEMS = 5;
/** Definitions validated recently, by content: most runs start one of a few versions. */
const CACHED_DEFINITIONS = 500;
const validated = new Map<string, PinnedDefinition>();

/**
 * The workflow version a run is pinned to, in canonical form. It was validated when it was saved; it is
 * checked again because the orchestrator must never crash on what a message carries. JQ syntax is not
 * recompiled here: a broken expression fails its node when it runs. An invalid definition keeps its
 * identifier, title, icon and visibility (for the run's API view) but no nodes.
 */
export async function readPinnedDefinition(snapshot: unknown): Promise<PinnedDefinition> {
  // Keyed by the content itself, not by version: the result depends on nothing else. The engine never
  // changes a definition it was given, so one can be shared.
  const key = createHash('sha256')
    .update(JSON.stringify(snapshot) ?? '')
    .digest('base64');
  const cached = validated.get(key);
  if (cached) {
    validated.delete(key);
    validated.set(key, cached);
    return cached;
  }
  const definition = await validateDefinition(snapshot);
  validated.set(key, definition);
  if (validated.size > CACHED_DEFINITIONS) validated.delete(validated.keys().next().value as string);
  return definition;
}

async function validateDefinition(snapshot: unknown): Promise<PinnedDefinition> {
  const validation = await validateWorkflow(snapshot, { checkJqSyntax: async () => undefined });
  if (validation.ok && validation.workflow) return { ok: true, workflow: validation.workflow };
  const raw = (snapshot && typeof snapshot === 'object' ? snapshot : {}) as JsonObject;
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    ok: false,
    workflow: {
      identifier: text(raw['identifier']) ?? '',
      title: text(raw['title']),
      icon: text(raw['icon']),
      allowAnyoneToViewRuns: raw['allowAnyoneToViewRuns'] !== false,
      nodes: [],
      connections: [],
    },
    message: `the pinned workflow version is invalid: ${summarize(validation.problems)}`,
  };
}

function summarize(problems: Problem[]): string {
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => `${p.path || '(workflow)'}: ${p.message}`);
  const more = problems.length - listed.length;
  return listed.join('; ') + (more > 0 ? ` (and ${more} more)` : '');
}
