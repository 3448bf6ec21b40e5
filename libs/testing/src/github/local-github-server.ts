import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createPublicKey, type KeyObject, randomBytes } from 'node:crypto';
import { verifyAppJwt } from './github-app-jwt';
import { workflowRunJson, workflowRunWebhookPayload } from './github-run-json';
import { deliverGitHubWebhook, type WebhookDeliveryResult } from './github-webhook-delivery';
import {
  checkDispatchBody,
  displayTitleOf,
  githubTime,
  type LocalGitHubRepository,
  type LocalWorkflowRun,
  matchesCreatedFilter,
  type RecordedDispatch,
  type RecordedGitHubRequest,
} from './local-github-model';

const TOKEN_LIFETIME_MS = 60 * 60 * 1000;

type Auth = Pick<RecordedGitHubRequest, 'auth' | 'installationId'>;
type Reply = { status: number; body?: unknown };
type Route = (match: string[], request: ParsedRequest) => Reply;
interface ParsedRequest {
  query: URLSearchParams;
  body: unknown;
  auth: Auth;
}

const notFound: Reply = { status: 404, body: { message: 'Not Found' } };
const badCredentials: Reply = { status: 401, body: { message: 'Bad credentials' } };
const badJwt: Reply = { status: 401, body: { message: 'A JSON web token could not be decoded' } };
const invalid = (message: string): Reply => ({ status: 422, body: { message } });

/**
 * A small, real GitHub REST API on 127.0.0.1 for tests: exactly the endpoints the GitHub executor uses,
 * with GitHub App authentication checked for real (RS256 app JWT against the app's public key, then
 * installation tokens it issued). Tests drive workflow runs with `completeRun` and deliver signed
 * `workflow_run` webhooks with `deliverWorkflowRunWebhook`.
 */
export class LocalGitHubServer {
  readonly requests: RecordedGitHubRequest[] = [];
  readonly dispatches: RecordedDispatch[] = [];
  /** Whether a dispatch with `return_run_details: true` answers 200 with the run (GitHub 2025+) or 204. */
  returnRunDetails: boolean;
  /** Runs show in listings only this long after their dispatch, as GitHub creates them asynchronously. */
  listingDelayMs = 0;
  private readonly repositories = new Map<string, LocalGitHubRepository>();
  private readonly runs = new Map<number, LocalWorkflowRun>();
  private readonly tokens = new Map<string, { installationId: number; expiresAt: number }>();
  private nextRunId = 9_000_000_001;
  private readonly routes: Array<[string, RegExp, Route]>;

  private readonly server: Server;

  private constructor(
    private readonly appId: string,
    private readonly publicKey: KeyObject,
    returnRunDetails: boolean,
  ) {
    this.returnRunDetails = returnRunDetails;
    const repo = '/repos/([^/]+)/([^/]+)';
    this.routes = [
      ['GET', new RegExp(`^${repo}/installation$`), (m, r) => this.installation(m, r)],
      ['POST', /^\/app\/installations\/(\d+)\/access_tokens$/, (m, r) => this.accessToken(m, r)],
      ['GET', new RegExp(`^${repo}$`), (m, r) => this.repository(m, r)],
      ['POST', new RegExp(`^${repo}/actions/workflows/([^/]+)/dispatches$`), (m, r) => this.dispatch(m, r)],
      ['GET', new RegExp(`^${repo}/actions/workflows/([^/]+)/runs$`), (m, r) => this.listRuns(m, r)],
      ['GET', new RegExp(`^${repo}/actions/runs/(\\d+)$`), (m, r) => this.getRun(m, r)],
    ];
    this.server = createServer((req, res) => {
      void readBody(req).then((raw) => {
        const reply = this.handle(req, raw);
        res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
      });
    });
  }

  static async start(options: {
    appId: string | number;
    /** The app's public key (PEM or KeyObject): app JWTs must verify against it. */
    appPublicKey: string | KeyObject;
    returnRunDetails?: boolean;
  }): Promise<LocalGitHubServer> {
    const key =
      typeof options.appPublicKey === 'string' ? createPublicKey(options.appPublicKey) : options.appPublicKey;
    const github = new LocalGitHubServer(String(options.appId), key, options.returnRunDetails ?? true);
    await new Promise<void>((resolve) => github.server.listen(0, '127.0.0.1', resolve));
    return github;
  }

  /** e.g. http://127.0.0.1:41234: the API root (GITHUB_API_URL) and the root of run URLs. */
  get baseUrl(): string {
    const { port } = this.server.address() as { port: number };
    return `http://127.0.0.1:${port}`;
  }

  addRepository(repository: LocalGitHubRepository): void {
    this.repositories.set(repoKey(repository.owner, repository.repo), repository);
  }

  run(id: number): LocalWorkflowRun | undefined {
    return this.runs.get(id);
  }

  /** The run created by the dispatch that carried this input value (e.g. an idempotency key). */
  runWithInput(name: string, value: string): LocalWorkflowRun | undefined {
    return [...this.runs.values()].find((run) => run.inputs[name] === value);
  }

  startRun(id: number): void {
    this.update(id, { status: 'in_progress' });
  }

  completeRun(id: number, conclusion: string): void {
    this.update(id, { status: 'completed', conclusion });
  }

  /** A run as the REST API shows it. */
  runJson(run: LocalWorkflowRun): Record<string, unknown> {
    return workflowRunJson(this.baseUrl, run);
  }

  /** The `workflow_run` webhook payload GitHub sends for this run (default action `completed`). */
  workflowRunWebhook(id: number, action = 'completed'): Record<string, unknown> {
    const run = this.runs.get(id);
    if (!run) throw new Error(`no workflow run ${id}`);
    return workflowRunWebhookPayload(this.baseUrl, run, action);
  }

  /** Builds, signs (or mis-signs, with `signature`) and POSTs this run's `workflow_run` webhook to `url`. */
  deliverWorkflowRunWebhook(
    url: string,
    runId: number,
    options: { secret: string; action?: string; signature?: string },
  ): Promise<WebhookDeliveryResult> {
    return deliverGitHubWebhook(url, 'workflow_run', this.workflowRunWebhook(runId, options.action), options);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, raw: string): Reply {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const auth = this.authenticate(req.headers.authorization);
    let body: unknown = undefined;
    let reply: Reply | undefined;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      reply = { status: 400, body: { message: 'Problems parsing JSON' } };
    }
    const route = this.routes.find(
      ([method, pattern]) => method === req.method && pattern.test(url.pathname),
    );
    if (!reply && route) {
      const match = (route[1].exec(url.pathname) ?? []).slice(1).map(decodeURIComponent);
      reply = route[2](match, { query: url.searchParams, body, auth });
    }
    reply ??= notFound;
    this.requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      ...auth,
      body,
      status: reply.status,
    });
    return reply;
  }

  private authenticate(header: string | undefined): Auth {
    if (!header) return { auth: 'none' };
    const match = /^(bearer|token)\s+(\S+)$/i.exec(header);
    if (!match) return { auth: 'invalid' };
    const token = this.tokens.get(match[2]);
    if (token) {
      return token.expiresAt > Date.now()
        ? { auth: 'installation-token', installationId: token.installationId }
        : { auth: 'invalid' };
    }
    if (match[1].toLowerCase() !== 'bearer') return { auth: 'invalid' };
    return verifyAppJwt(match[2], this.publicKey, this.appId).ok ? { auth: 'app-jwt' } : { auth: 'invalid' };
  }

  private installation([owner, repo]: string[], { auth }: ParsedRequest): Reply {
    if (auth.auth !== 'app-jwt') return badJwt;
    const found = this.repositories.get(repoKey(owner, repo));
    if (!found) return notFound;
    return {
      status: 200,
      body: { id: found.installationId, app_id: Number(this.appId), account: { login: found.owner } },
    };
  }

  private accessToken([id]: string[], { auth }: ParsedRequest): Reply {
    if (auth.auth !== 'app-jwt') return badJwt;
    const installationId = Number(id);
    if (![...this.repositories.values()].some((r) => r.installationId === installationId)) return notFound;
    const token = `ghs_${randomBytes(18).toString('hex')}`;
    const expiresAt = Date.now() + TOKEN_LIFETIME_MS;
    this.tokens.set(token, { installationId, expiresAt });
    return {
      status: 201,
      body: {
        token,
        expires_at: githubTime(new Date(expiresAt)),
        permissions: { actions: 'write', metadata: 'read' },
        repository_selection: 'all',
      },
    };
  }

  /** The repository, when the request's installation token reaches it. */
  private reachable(owner: string, repo: string, auth: Auth): LocalGitHubRepository | Reply {
    if (auth.auth !== 'installation-token') return badCredentials;
    const found = this.repositories.get(repoKey(owner, repo));
    return found && found.installationId === auth.installationId ? found : notFound;
  }

  private repository([owner, repo]: string[], { auth }: ParsedRequest): Reply {
    const found = this.reachable(owner, repo, auth);
    if (isReply(found)) return found;
    return {
      status: 200,
      body: {
        name: found.repo,
        full_name: `${found.owner}/${found.repo}`,
        owner: { login: found.owner },
        default_branch: found.defaultBranch ?? 'main',
      },
    };
  }

  private dispatch([owner, repo, workflow]: string[], { auth, body }: ParsedRequest): Reply {
    const found = this.reachable(owner, repo, auth);
    if (isReply(found)) return found;
    const declared = found.workflows?.[workflow];
    if (found.workflows && !declared) return notFound;
    const checked = checkDispatchBody(body, declared?.inputs);
    if (!checked.ok) return invalid(checked.message);
    const { ref, inputs: strings, returnRunDetails } = checked;
    const now = new Date();
    const run: LocalWorkflowRun = {
      id: this.nextRunId++,
      owner: found.owner,
      repo: found.repo,
      workflow,
      ref,
      inputs: strings,
      installationId: found.installationId,
      status: 'queued',
      conclusion: null,
      displayTitle: displayTitleOf(workflow, declared?.runName, strings),
      createdAt: now,
      updatedAt: now,
    };
    this.runs.set(run.id, run);
    this.dispatches.push({
      owner,
      repo,
      workflow,
      ref,
      inputs: strings,
      installationId: run.installationId,
      returnRunDetails,
      runId: run.id,
    });
    if (!(returnRunDetails && this.returnRunDetails)) return { status: 204 };
    const { url, html_url } = this.runJson(run);
    return { status: 200, body: { workflow_run_id: run.id, run_url: url, html_url } };
  }

  private listRuns([owner, repo, workflow]: string[], { auth, query }: ParsedRequest): Reply {
    const found = this.reachable(owner, repo, auth);
    if (isReply(found)) return found;
    const branch = query.get('branch');
    const event = query.get('event');
    const perPage = Number(query.get('per_page') ?? 30);
    const runs = [...this.runs.values()]
      .filter((run) => run.owner === found.owner && run.repo === found.repo && run.workflow === workflow)
      .filter((run) => run.createdAt.getTime() + this.listingDelayMs <= Date.now())
      // Every run here comes from a dispatch.
      .filter(() => !event || event === 'workflow_dispatch')
      .filter((run) => !branch || run.ref.replace(/^refs\/heads\//, '') === branch)
      .filter((run) => matchesCreatedFilter(run.createdAt, query.get('created') ?? undefined))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
    return {
      status: 200,
      body: {
        total_count: runs.length,
        workflow_runs: runs.slice(0, perPage).map((run) => this.runJson(run)),
      },
    };
  }

  private getRun([owner, repo, id]: string[], { auth }: ParsedRequest): Reply {
    const found = this.reachable(owner, repo, auth);
    if (isReply(found)) return found;
    const run = this.runs.get(Number(id));
    if (!run || run.owner !== found.owner || run.repo !== found.repo) return notFound;
    return { status: 200, body: this.runJson(run) };
  }

  private update(id: number, change: Partial<LocalWorkflowRun>): void {
    const run = this.runs.get(id);
    if (!run) throw new Error(`no workflow run ${id}`);
    Object.assign(run, change, { updatedAt: new Date() });
  }
}

function repoKey(owner: string, repo: string): string {
  return `${owner}/${repo}`.toLowerCase();
}

function isReply(value: LocalGitHubRepository | Reply): value is Reply {
  return 'status' in value;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}
