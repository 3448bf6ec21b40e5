/** A repository the local GitHub knows, and the app installation that can reach it. */
export interface LocalGitHubRepository {
  owner: string;
  repo: string;
  installationId: number;
  /** Default `main`. */
  defaultBranch?: string;
  /**
   * Workflow files by name (`deploy.yml`). When given, dispatching another workflow is a 404, and a
   * workflow that lists `inputs` refuses others (422 "Unexpected inputs provided"), as GitHub does.
   * `runName` is the workflow's `run-name`, with `${{ inputs.NAME }}` replaced.
   */
  workflows?: Record<string, { inputs?: string[]; runName?: string }>;
}

/** GitHub's limit on `workflow_dispatch` inputs. */
const MAX_DISPATCH_INPUTS = 10;

export type GitHubRunStatus = 'queued' | 'in_progress' | 'completed';

/** A workflow run the local GitHub created for a dispatch. */
export interface LocalWorkflowRun {
  id: number;
  owner: string;
  repo: string;
  workflow: string;
  ref: string;
  inputs: Record<string, string>;
  installationId: number;
  status: GitHubRunStatus;
  conclusion: string | null;
  displayTitle: string;
  createdAt: Date;
  updatedAt: Date;
}

/** One accepted `workflow_dispatch`, as the caller sent it. */
export interface RecordedDispatch {
  owner: string;
  repo: string;
  workflow: string;
  ref: string;
  inputs: Record<string, string>;
  /** The installation whose token authorised the call. */
  installationId: number;
  returnRunDetails: boolean;
  runId: number;
}

/** Every request the local GitHub received, with how it was authenticated and what it answered. */
export interface RecordedGitHubRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  auth: 'app-jwt' | 'installation-token' | 'none' | 'invalid';
  installationId?: number;
  body: unknown;
  status: number;
}

/** GitHub's timestamps have whole seconds. */
export function githubTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** `created` filter of the list-runs endpoint: `>=T`, `>T`, `<=T`, `<T`, `A..B` or a bare date/time. */
export function matchesCreatedFilter(createdAt: Date, filter: string | undefined): boolean {
  if (!filter) return true;
  const at = Math.floor(createdAt.getTime() / 1000) * 1000;
  const time = (text: string) => Date.parse(text);
  if (filter.includes('..')) {
    const [from, to] = filter.split('..');
    return at >= time(from) && at <= time(to);
  }
  const match = /^(>=|<=|>|<)?(.+)$/.exec(filter);
  if (!match) return false;
  const bound = time(match[2]);
  switch (match[1]) {
    case '>=':
      return at >= bound;
    case '>':
      return at > bound;
    case '<=':
      return at <= bound;
    case '<':
      return at < bound;
    default:
      return githubTime(createdAt).startsWith(match[2]);
  }
}

/** The workflow's `run-name` with `${{ inputs.NAME }}` filled in, or the workflow file's name. */
export function displayTitleOf(
  workflow: string,
  runName: string | undefined,
  inputs: Record<string, string>,
): string {
  if (!runName) return workflow.replace(/\.ya?ml$/, '');
  return runName.replace(
    /\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}/g,
    (_, name: string) => inputs[name] ?? '',
  );
}

export type DispatchBodyCheck =
  | { ok: true; ref: string; inputs: Record<string, string>; returnRunDetails: boolean }
  | { ok: false; message: string };

/** GitHub's checks of a dispatch body, with its 422 messages; `declared` are the workflow's inputs. */
export function checkDispatchBody(body: unknown, declared: string[] | undefined): DispatchBodyCheck {
  const { ref, inputs = {}, return_run_details } = (body ?? {}) as Record<string, unknown>;
  const refuse = (message: string): DispatchBodyCheck => ({ ok: false, message });
  if (typeof ref !== 'string' || !ref) return refuse(`Invalid request.\n\n"ref" wasn't supplied.`);
  if (!inputs || typeof inputs !== 'object' || Array.isArray(inputs))
    return refuse("Invalid request.\n\nFor 'properties/inputs', it is not an object.");
  const entries = Object.entries(inputs as Record<string, unknown>);
  if (entries.length > MAX_DISPATCH_INPUTS)
    return refuse('you may only define up to 10 `inputs` for a `workflow_dispatch` event');
  const notString = entries.find(([, value]) => typeof value !== 'string');
  if (notString) {
    const [name, value] = notString;
    return refuse(`Invalid request.\n\nFor 'properties/${name}', ${JSON.stringify(value)} is not a string.`);
  }
  const unexpected = declared ? entries.map(([name]) => name).filter((name) => !declared.includes(name)) : [];
  if (unexpected.length > 0) return refuse(`Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
  return {
    ok: true,
    ref,
    inputs: Object.fromEntries(entries) as Record<string, string>,
    returnRunDetails: return_run_details === true,
  };
}
