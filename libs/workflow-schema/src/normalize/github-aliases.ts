import { JsonObject, isJsonObject } from '../json';
import { childPath } from '../paths';
import { NormalizationContext } from './normalization-context';

// Two spellings of a GitHub dispatch exist (reference §5.4, §13): the beta's
// `{ repo: "owner/repo", workflowId, inputs, reportStatus }` with provider GITHUB / type CREATE, and the
// classic backend's `{ org, repo, workflow, workflowInputs, reportWorkflowStatus }` with provider
// `github-ocean` / type `dispatch_workflow`. The canonical form is the classic keys (shared with the
// GITHUB node, so one executor reads both) and the API schema's enums.

const BETA_TO_CLASSIC_KEYS: Array<[string, string]> = [
  ['workflowId', 'workflow'],
  ['inputs', 'workflowInputs'],
  ['reportStatus', 'reportWorkflowStatus'],
];

const PROVIDER_ALIASES: Record<string, string> = { 'github-ocean': 'GITHUB', github: 'GITHUB' };
const INVOCATION_TYPE_ALIASES: Record<string, string> = { dispatch_workflow: 'CREATE' };

export function normalizeIntegrationActionConfig(
  config: JsonObject,
  configPath: string,
  context: NormalizationContext,
) {
  // The beta's only integration is GitHub dispatching a workflow.
  if (config.integrationProvider === undefined) config.integrationProvider = 'GITHUB';
  if (config.integrationInvocationType === undefined) config.integrationInvocationType = 'CREATE';
  if (typeof config.integrationProvider === 'string') {
    config.integrationProvider = PROVIDER_ALIASES[config.integrationProvider] ?? config.integrationProvider;
  }
  if (typeof config.integrationInvocationType === 'string') {
    config.integrationInvocationType =
      INVOCATION_TYPE_ALIASES[config.integrationInvocationType] ?? config.integrationInvocationType;
  }
  const properties = config.integrationActionExecutionProperties;
  if (config.integrationProvider === 'GITHUB' && isJsonObject(properties)) {
    normalizeGithubDispatch(
      properties,
      childPath(configPath, 'integrationActionExecutionProperties'),
      context,
    );
  }
}

/** Also applied to the GITHUB node's config, which carries the same keys at its top level. */
export function normalizeGithubDispatch(dispatch: JsonObject, path: string, context: NormalizationContext) {
  for (const [from, to] of BETA_TO_CLASSIC_KEYS) context.rename(dispatch, from, to, path);
  splitOwnerOffRepo(dispatch, path, context);
}

/**
 * `repo: "owner/name"` without `org` becomes `org: "owner", repo: "name"` when the owner is literal
 * text. With a template in the owner part the split has to wait for run time, so `repo` stays whole.
 */
function splitOwnerOffRepo(dispatch: JsonObject, path: string, context: NormalizationContext) {
  if (dispatch.org !== undefined || typeof dispatch.repo !== 'string') return;
  const slash = dispatch.repo.indexOf('/');
  if (slash <= 0) return;
  const owner = dispatch.repo.slice(0, slash);
  if (owner.includes('{{')) return;
  dispatch.org = owner;
  dispatch.repo = dispatch.repo.slice(slash + 1);
  context.alias(childPath(path, 'org'), childPath(path, 'repo'));
}
