import { isJsonObject } from '../json';
import { WorkflowLimits, checkDefinitionSize, resolveLimits } from '../limits';
import { Workflow } from '../model/workflow';
import { normalizeWorkflow, toOriginalPath } from '../normalize/normalize-workflow';
import { Problem } from '../problems';
import { checkNodeConfigs } from './config-rules';
import { checkGraph } from './graph-rules';
import { JqSyntaxChecker, checkJqSources, collectJqSources } from './jq-expressions';
import { checkLimits } from './limit-rules';
import { checkStructure } from './structure';

export interface ValidationResult {
  ok: boolean;
  /** The canonical definition; present only when there are no problems. */
  workflow?: Workflow;
  /** Every problem found, with paths in the client's own spelling. */
  problems: Problem[];
}

export interface ValidateWorkflowOptions {
  /** Overrides for DEFAULT_WORKFLOW_LIMITS. */
  limits?: Partial<WorkflowLimits>;
  /** Replaces `@flowline/jq`'s compiler, e.g. in tests. */
  checkJqSyntax?: JqSyntaxChecker;
}

/**
 * Validates a workflow definition as sent by a client (any JSON, any accepted spelling) and returns
 * every problem at once. Stages: size and depth (the only early exit, so nothing recurses into a
 * hostile input), normalisation, fields, cross-field rules, limits, graph rules, then compiling every
 * JQ expression and `{{ }}` template. Never throws.
 */
export async function validateWorkflow(
  input: unknown,
  options: ValidateWorkflowOptions = {},
): Promise<ValidationResult> {
  const limits = resolveLimits(options.limits);
  const sizeProblems = checkDefinitionSize(input, limits);
  if (sizeProblems.length > 0) return { ok: false, problems: sizeProblems };

  const normalized = normalizeWorkflow(input);
  const workflow = normalized.workflow;
  if (!isJsonObject(workflow)) return { ok: false, problems: normalized.problems };

  const problems = [
    ...normalized.problems,
    ...checkStructure(workflow),
    ...checkNodeConfigs(workflow),
    ...checkLimits(workflow, limits),
    ...checkGraph(workflow),
    ...(await checkJqSources(collectJqSources(workflow), options.checkJqSyntax)),
  ].map((found) => ({ ...found, path: toOriginalPath(found.path, normalized.aliases) }));

  return problems.length === 0 ? { ok: true, workflow, problems } : { ok: false, problems };
}
