import { validateMessage, NodeCompletedMessage } from '@flowline/contracts';
import { abandonedMessage, completedMessage, resultOfConclusion, type RunCompletion } from './run-conclusion';

const run: RunCompletion = {
  orgId: 'org_a',
  runId: 'wfr_a1B2c3D4e5F6g7H8',
  nodeRunId: 'wfnr_a1B2c3D4e5F6g7H8',
  attempt: 2,
  githubRunId: 9_000_000_001,
  runUrl: 'https://github.com/o/r/actions/runs/9000000001',
  owner: 'o',
  repo: 'r',
};

describe('resultOfConclusion', () => {
  it.each([
    ['success', 'SUCCESS'],
    ['neutral', 'SUCCESS'],
    ['skipped', 'SUCCESS'],
    ['failure', 'FAILED'],
    ['timed_out', 'FAILED'],
    ['startup_failure', 'FAILED'],
    ['action_required', 'FAILED'],
    ['stale', 'FAILED'],
    ['something_new', 'FAILED'],
    [null, 'FAILED'],
    ['cancelled', 'CANCELLED'],
  ])('%s → %s', (conclusion, result) => {
    expect(resultOfConclusion(conclusion)).toBe(result);
  });
});

describe('completedMessage', () => {
  it('completes the node run with the run id, URL and conclusion', () => {
    const message = completedMessage(run, 'success', 'webhook');
    expect(validateMessage(NodeCompletedMessage, message).ok).toBe(true);
    expect(message).toMatchObject({
      orgId: 'org_a',
      runId: run.runId,
      nodeRunId: run.nodeRunId,
      attempt: 2,
      status: 'COMPLETED',
      result: 'SUCCESS',
      output: { runId: 9_000_000_001, runUrl: run.runUrl, conclusion: 'success' },
    });
    expect(message.failure).toBeUndefined();
    expect(message.logs[0].log).toContain('concluded success (from workflow_run webhook)');
  });

  it('fails it, not retryable, on a failed run; cancels it on a cancelled one', () => {
    expect(completedMessage(run, 'timed_out', 'poll')).toMatchObject({
      result: 'FAILED',
      failure: { code: 'GITHUB_RUN_FAILED', retryable: false },
    });
    expect(completedMessage(run, 'cancelled', 'poll')).toMatchObject({ result: 'CANCELLED' });
  });

  it('fails a node whose run never finished', () => {
    const message = abandonedMessage({ ...run, githubRunId: null, runUrl: null }, 7 * 24 * 3_600_000);
    expect(validateMessage(NodeCompletedMessage, message).ok).toBe(true);
    expect(message.failure?.message).toBe(
      'no GitHub workflow run was found for this dispatch in o/r within 168 h',
    );
  });
});
