import { toGithubCallError } from './github-call-error';

const answered = (status: number, message?: string, headers: Record<string, string> = {}) => ({
  status,
  message: 'octokit message',
  response: { data: message ? { message } : '', headers },
});

describe('toGithubCallError', () => {
  it.each([
    [500, 'GITHUB_UNAVAILABLE', true],
    [502, 'GITHUB_UNAVAILABLE', true],
    [429, 'GITHUB_RATE_LIMITED', true],
    [401, 'GITHUB_AUTH_FAILED', false],
    [403, 'GITHUB_FORBIDDEN', false],
    [404, 'GITHUB_NOT_FOUND', false],
    [422, 'GITHUB_REJECTED', false],
    [409, 'GITHUB_ERROR', false],
  ])('GitHub answering %i is %s (retryable: %s)', (status, code, retryable) => {
    expect(toGithubCallError(answered(status, 'Nope'), 'dispatching')).toMatchObject({
      code,
      retryable,
      status,
      githubMessage: 'Nope',
      message: `dispatching: GitHub answered ${status}: Nope`,
    });
  });

  it('takes a 403 with no requests left for a rate limit', () => {
    expect(toGithubCallError(answered(403, 'x', { 'x-ratelimit-remaining': '0' }), 'a')).toMatchObject({
      code: 'GITHUB_RATE_LIMITED',
      retryable: true,
    });
    expect(toGithubCallError(answered(403, 'API rate limit exceeded for installation'), 'a').retryable).toBe(
      true,
    );
  });

  it('retries when GitHub could not be reached, when it was too slow, and when the deadline passed', () => {
    expect(toGithubCallError(new Error('connect ECONNREFUSED'), 'listing runs')).toMatchObject({
      code: 'GITHUB_UNAVAILABLE',
      retryable: true,
      message: 'listing runs: GitHub could not be reached (connect ECONNREFUSED)',
    });
    expect(toGithubCallError(new Error('aborted'), 'a', { deadline: false, timeout: true }).code).toBe(
      'GITHUB_TIMEOUT',
    );
    expect(toGithubCallError(new Error('aborted'), 'a', { deadline: true, timeout: false })).toMatchObject({
      code: 'DEADLINE_EXCEEDED',
      retryable: true,
    });
  });
});
