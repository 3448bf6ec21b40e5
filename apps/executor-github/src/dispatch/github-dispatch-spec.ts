/**
 * What one GitHub `workflow_dispatch` node asks for, read from its rendered config. The dispatch carries
 * the node config as the definition stored it, so both spellings arrive here (reference §5.4, §5.5, §13):
 * the `GITHUB` node and the later INTEGRATION_ACTION (`github-ocean`) with
 * `{ org, repo, workflow, workflowInputs, reportWorkflowStatus }`, and the beta INTEGRATION_ACTION with
 * `{ repo: "owner/repo", workflowId, inputs, reportStatus }`. The schema lib's normaliser works on whole
 * workflows before validation and is not exported per node, hence this small mapping.
 */
export interface GithubDispatchSpec {
  owner: string;
  repo: string;
  /** Workflow file name (`deploy.yml`) or numeric id. */
  workflow: string;
  /** As configured: values are turned into strings by `prepareDispatchInputs`. */
  inputs: Record<string, unknown>;
  /** Default true: the node follows the GitHub run's conclusion. */
  reportWorkflowStatus: boolean;
}

export type DispatchSpecReading = { ok: true; spec: GithubDispatchSpec } | { ok: false; problems: string[] };

/** Beta key → canonical key; the canonical key wins when a config has both. */
const BETA_KEYS: Array<[string, string]> = [
  ['workflowId', 'workflow'],
  ['inputs', 'workflowInputs'],
  ['reportStatus', 'reportWorkflowStatus'],
];
const GITHUB_PROVIDERS = new Set(['GITHUB', 'github-ocean', 'github']);
/** GitHub's owner, repository and workflow file names: no slashes, nothing to escape a path with. */
const NAME = /^[A-Za-z0-9_.-]+$/;

export function readGithubDispatch(config: Record<string, unknown>): DispatchSpecReading {
  const fields = dispatchFields(config);
  if (typeof fields === 'string') return { ok: false, problems: [fields] };
  const canonical = withCanonicalKeys(fields);
  const problems: string[] = [];

  const location = readLocation(canonical.org, canonical.repo, problems);
  const workflow = readWorkflow(canonical.workflow, problems);
  const inputs = canonical.workflowInputs ?? {};
  if (!isPlainObject(inputs)) problems.push('workflowInputs must be an object of input names to values');
  const report = readFlag(canonical.reportWorkflowStatus);
  if (report === undefined) problems.push('reportWorkflowStatus must be true or false');

  if (problems.length > 0 || !location || workflow === undefined || report === undefined)
    return { ok: false, problems };
  return {
    ok: true,
    spec: { ...location, workflow, inputs: inputs as Record<string, unknown>, reportWorkflowStatus: report },
  };
}

/** The object holding the dispatch keys: the GITHUB node's config, or the integration's properties. */
function dispatchFields(config: Record<string, unknown>): Record<string, unknown> | string {
  if (config.type === 'GITHUB') return config;
  if (config.type !== 'INTEGRATION_ACTION') return `a ${String(config.type)} node is not a GitHub dispatch`;
  const provider = config.integrationProvider ?? 'GITHUB';
  if (typeof provider !== 'string' || !GITHUB_PROVIDERS.has(provider))
    return `integrationProvider ${JSON.stringify(provider)} is not GitHub`;
  const properties = config.integrationActionExecutionProperties;
  if (!isPlainObject(properties)) return 'integrationActionExecutionProperties must be an object';
  return properties;
}

export function withCanonicalKeys(fields: Record<string, unknown>): Record<string, unknown> {
  const canonical = { ...fields };
  for (const [beta, classic] of BETA_KEYS) {
    if (canonical[classic] === undefined && canonical[beta] !== undefined)
      canonical[classic] = canonical[beta];
    delete canonical[beta];
  }
  return canonical;
}

/** `org` + `repo`, or `repo: "owner/name"` alone (the beta spelling). */
function readLocation(
  org: unknown,
  repo: unknown,
  problems: string[],
): { owner: string; repo: string } | undefined {
  if (typeof repo !== 'string' || !repo.trim()) {
    problems.push('repo is required');
    return undefined;
  }
  let owner = typeof org === 'string' ? org.trim() : undefined;
  let name = repo.trim();
  const slash = name.indexOf('/');
  if (slash >= 0) {
    const repoOwner = name.slice(0, slash);
    if (owner && owner.toLowerCase() !== repoOwner.toLowerCase()) {
      problems.push(`repo "${name}" names another owner than org "${owner}"`);
      return undefined;
    }
    owner = repoOwner;
    name = name.slice(slash + 1);
  }
  if (!owner) {
    problems.push('org is required (or repo as "owner/name")');
    return undefined;
  }
  if (!NAME.test(owner)) problems.push(`org "${owner}" is not a GitHub account name`);
  if (!NAME.test(name)) problems.push(`repo "${name}" is not a GitHub repository name`);
  return { owner, repo: name };
}

function readWorkflow(workflow: unknown, problems: string[]): string | undefined {
  const text =
    typeof workflow === 'number' ? String(workflow) : typeof workflow === 'string' ? workflow.trim() : '';
  if (!text) {
    problems.push('workflow is required (a workflow file name or id)');
    return undefined;
  }
  if (!NAME.test(text)) {
    problems.push(`workflow "${text}" must be a file name in .github/workflows or a workflow id`);
    return undefined;
  }
  return text;
}

/** Booleans, or their text after a template rendered them; absent means true (Port's default). */
export function readFlag(value: unknown): boolean | undefined {
  if (value === undefined || value === null) return true;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (text === 'true') return true;
    if (text === 'false') return false;
  }
  return undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
