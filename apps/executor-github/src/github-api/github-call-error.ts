/**
 * A GitHub API call that failed, classified for the orchestrator: whether another attempt may succeed
 * (network, timeouts, rate limits, GitHub's 5xx) or not (no installation, no access, a refused dispatch).
 */
export class GithubCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    /** GitHub's HTTP status, when it answered. */
    readonly status?: number,
    /** GitHub's own `message`, when it gave one. */
    readonly githubMessage?: string,
  ) {
    super(message);
    this.name = 'GithubCallError';
  }
}

interface OctokitFailure {
  status?: unknown;
  message?: unknown;
  response?: { data?: unknown; headers?: Record<string, unknown> };
}

/** What an octokit error means for the node; `action` says what was being done, for the message. */
export function toGithubCallError(
  error: unknown,
  action: string,
  aborted: { deadline: boolean; timeout: boolean } = { deadline: false, timeout: false },
): GithubCallError {
  if (error instanceof GithubCallError) return error;
  if (aborted.deadline)
    return new GithubCallError('DEADLINE_EXCEEDED', `${action}: the attempt's deadline passed`, true);
  if (aborted.timeout)
    return new GithubCallError('GITHUB_TIMEOUT', `${action}: GitHub did not answer in time`, true);

  const failure = (error ?? {}) as OctokitFailure;
  const status = typeof failure.status === 'number' ? failure.status : undefined;
  const data = failure.response?.data;
  const githubMessage =
    data && typeof data === 'object' && typeof (data as { message?: unknown }).message === 'string'
      ? (data as { message: string }).message
      : undefined;
  if (!failure.response || status === undefined) {
    const cause = typeof failure.message === 'string' ? failure.message : String(error);
    return new GithubCallError(
      'GITHUB_UNAVAILABLE',
      `${action}: GitHub could not be reached (${cause})`,
      true,
    );
  }
  const said = `${action}: GitHub answered ${status}${githubMessage ? `: ${githubMessage}` : ''}`;
  const classified = (code: string, retryable: boolean) =>
    new GithubCallError(code, said, retryable, status, githubMessage);
  const headers = failure.response.headers ?? {};
  if (status === 429 || (status === 403 && isRateLimited(headers, githubMessage)))
    return classified('GITHUB_RATE_LIMITED', true);
  if (status >= 500) return classified('GITHUB_UNAVAILABLE', true);
  if (status === 401) return classified('GITHUB_AUTH_FAILED', false);
  if (status === 403) return classified('GITHUB_FORBIDDEN', false);
  if (status === 404) return classified('GITHUB_NOT_FOUND', false);
  if (status === 422) return classified('GITHUB_REJECTED', false);
  return classified('GITHUB_ERROR', false);
}

function isRateLimited(headers: Record<string, unknown>, message: string | undefined): boolean {
  return String(headers['x-ratelimit-remaining']) === '0' || /rate limit/i.test(message ?? '');
}
