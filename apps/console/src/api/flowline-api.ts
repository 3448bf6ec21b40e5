import type { Approval, DryRun, FieldProblem, Run, VersionSummary, Workflow } from './types';

/** An answer of the API that is not a success: its status, code, message and field problems. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
  }
}

export interface RunFilters {
  workflow?: string;
  status?: string;
  result?: string;
}

/**
 * The public API, called from the page with the signed-in bearer token (the console is served by the
 * gateway, so calls go to the same origin).
 */
export class FlowlineApi {
  constructor(
    private readonly token: string,
    private readonly baseUrl = '',
  ) {}

  static async signIn(clientId: string, clientSecret: string, baseUrl = ''): Promise<string> {
    const answer = await send<{ accessToken: string }>(baseUrl, undefined, 'POST', '/v1/auth/access_token', {
      clientId,
      clientSecret,
    });
    return answer.accessToken;
  }

  async workflows(): Promise<Workflow[]> {
    return (await this.get<{ workflows: Workflow[] }>('/v1/workflows')).workflows;
  }

  async workflow(identifier: string, version?: number): Promise<Workflow> {
    const id = encodeURIComponent(identifier);
    const path = version === undefined ? `/v1/workflows/${id}` : `/v1/workflows/${id}/versions/${version}`;
    return (await this.get<{ workflow: Workflow }>(path)).workflow;
  }

  async versions(identifier: string): Promise<VersionSummary[]> {
    return (
      await this.get<{ versions: VersionSummary[] }>(
        `/v1/workflows/${encodeURIComponent(identifier)}/versions`,
      )
    ).versions;
  }

  async startRun(identifier: string, inputs: Record<string, unknown>): Promise<Run> {
    const path = `/v1/workflows/${encodeURIComponent(identifier)}/runs`;
    return (await this.post<{ workflowRun: Run }>(path, { inputs })).workflowRun;
  }

  async dryRun(
    identifier: string,
    body: { inputs?: Record<string, unknown>; fromRunId?: string; version?: number },
  ): Promise<DryRun> {
    return (
      await this.post<{ dryRun: DryRun }>(`/v1/workflows/${encodeURIComponent(identifier)}/dry-run`, body)
    ).dryRun;
  }

  async runs(filters: RunFilters = {}): Promise<Run[]> {
    const query = new URLSearchParams({ limit: '50' });
    if (filters.workflow) query.append('workflowIdentifiers[]', filters.workflow);
    if (filters.status) query.append('statuses[]', filters.status);
    if (filters.result) query.append('results[]', filters.result);
    return (await this.get<{ workflowRuns: Run[] }>(`/v1/workflows/runs?${query}`)).workflowRuns;
  }

  async run(identifier: string): Promise<Run> {
    return (await this.get<{ workflowRun: Run }>(`/v1/workflows/runs/${encodeURIComponent(identifier)}`))
      .workflowRun;
  }

  async cancel(identifier: string): Promise<Run> {
    return (await this.post<{ workflowRun: Run }>(`/v1/workflows/runs/${identifier}/cancel`, {})).workflowRun;
  }

  async rerun(identifier: string, version: 'same' | 'latest'): Promise<Run> {
    return (await this.post<{ workflowRun: Run }>(`/v1/workflows/runs/${identifier}/rerun`, { version }))
      .workflowRun;
  }

  async retry(identifier: string): Promise<Run> {
    return (await this.post<{ workflowRun: Run }>(`/v1/workflows/runs/${identifier}/retry`, {})).workflowRun;
  }

  /** Approves or declines a node run's approval as the signed-in user (a machine client is refused). */
  async decideApproval(
    runId: string,
    nodeRunId: string,
    decision: { status: 'APPROVE' | 'DECLINE'; description?: string },
  ): Promise<Approval> {
    const path = `/v1/workflows/runs/${encodeURIComponent(runId)}/nodes/${encodeURIComponent(nodeRunId)}/approval`;
    return (await send<{ approval: Approval }>(this.baseUrl, this.token, 'PATCH', path, decision)).approval;
  }

  /** The run's server-sent events, read with fetch so the bearer token goes in a header. */
  async openRunEvents(identifier: string, signal: AbortSignal): Promise<Response> {
    const response = await fetch(
      `${this.baseUrl}/v1/workflows/runs/${encodeURIComponent(identifier)}/events`,
      {
        headers: { authorization: `Bearer ${this.token}`, accept: 'text/event-stream' },
        signal,
      },
    );
    if (!response.ok || !response.body) throw await problemOf(response);
    return response;
  }

  private get<T>(path: string): Promise<T> {
    return send<T>(this.baseUrl, this.token, 'GET', path);
  }

  private post<T>(path: string, body: unknown): Promise<T> {
    return send<T>(this.baseUrl, this.token, 'POST', path, body);
  }
}

async function send<T>(
  baseUrl: string,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = {};
  if (token) headers['authorization'] = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await problemOf(response);
  return (await response.json()) as T;
}

async function problemOf(response: Response): Promise<ApiProblem> {
  let data: { error?: string; message?: string; details?: unknown } = {};
  try {
    data = await response.json();
  } catch {
    // Not JSON: the status says enough.
  }
  const problems = Array.isArray(data.details)
    ? (data.details as FieldProblem[]).filter((p) => p && typeof p.path === 'string')
    : [];
  return new ApiProblem(
    response.status,
    data.error ?? `http_${response.status}`,
    data.message ?? response.statusText,
    problems,
  );
}
