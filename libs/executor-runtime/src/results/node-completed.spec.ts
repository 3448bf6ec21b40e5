import { NODE_COMPLETED_MESSAGE_TYPE, NodeCompletedMessage, validateMessage } from '@flowline/contracts';
import { SecretScrubber } from '../secrets/secret-scrubber';
import { failed, inProgress, succeeded } from './execution-results';
import { fitResultSize, toNodeCompletedMessage } from './node-completed';

const dispatch = {
  orgId: 'org_1',
  runId: 'wfr_a1B2c3D4e5F6g7H8',
  nodeRunId: 'wfnr_Q1w2E3r4T5y6U7i8',
  attempt: 2,
};
const at = new Date('2026-01-28T10:00:00.000Z');
const noSecrets = new SecretScrubber([]);

describe('toNodeCompletedMessage', () => {
  it('maps a success to COMPLETED/SUCCESS with its output and logs, in a valid message', () => {
    const message = toNodeCompletedMessage(
      dispatch,
      succeeded({ response: { status: 200, data: { id: 'dep-9' } } }, [
        { logLevel: 'INFO', log: 'POST -> 200' },
      ]),
      noSecrets,
      at,
    );
    expect(message).toEqual({
      id: expect.stringMatching(/^msg_/),
      type: NODE_COMPLETED_MESSAGE_TYPE,
      occurredAt: at.toISOString(),
      orgId: 'org_1',
      runId: dispatch.runId,
      nodeRunId: dispatch.nodeRunId,
      attempt: 2,
      status: 'COMPLETED',
      result: 'SUCCESS',
      output: { response: { status: 200, data: { id: 'dep-9' } } },
      logs: [{ logLevel: 'INFO', log: 'POST -> 200' }],
    });
    expect(validateMessage(NodeCompletedMessage, message).ok).toBe(true);
  });

  it('maps a failure to COMPLETED/FAILED with the failure, its output and an ERROR log', () => {
    const failure = { code: 'HTTP_ERROR', message: 'POST https://x/ answered 503', retryable: true };
    const message = toNodeCompletedMessage(
      dispatch,
      failed(failure, { output: { response: { status: 503, data: 'busy' } } }),
      noSecrets,
      at,
    );
    expect(message).toMatchObject({
      status: 'COMPLETED',
      result: 'FAILED',
      failure,
      output: { response: { status: 503, data: 'busy' } },
      logs: [{ logLevel: 'ERROR', log: failure.message }],
    });
    expect(validateMessage(NodeCompletedMessage, message).ok).toBe(true);
  });

  it('maps an in-progress result to IN_PROGRESS without a result', () => {
    const message = toNodeCompletedMessage(
      dispatch,
      inProgress([{ logLevel: 'INFO', log: 'sent' }]),
      noSecrets,
      at,
    );
    expect(message.status).toBe('IN_PROGRESS');
    expect(message).not.toHaveProperty('result');
    expect(message).not.toHaveProperty('output');
    expect(validateMessage(NodeCompletedMessage, message).ok).toBe(true);
  });

  it('masks secret values in output, logs, log tags and failure message', () => {
    const scrubber = new SecretScrubber(['tok-123456']);
    const message = toNodeCompletedMessage(
      dispatch,
      failed(
        { code: 'HTTP_ERROR', message: 'answered 401 for tok-123456', retryable: false },
        {
          output: { response: { status: 401, data: { echoed: 'Bearer tok-123456' } } },
          logs: [{ logLevel: 'ERROR', log: 'body: tok-123456', tags: { token: 'tok-123456' } }],
        },
      ),
      scrubber,
      at,
    );
    expect(JSON.stringify(message)).not.toContain('tok-123456');
    expect(message.failure?.message).toBe('answered 401 for ***');
    expect(message.output).toEqual({ response: { status: 401, data: { echoed: 'Bearer ***' } } });
    expect(message.logs).toEqual([{ logLevel: 'ERROR', log: 'body: ***', tags: { token: '***' } }]);
  });

  it('cuts log lines and failure messages to the contract limits, after masking', () => {
    const long = 'x'.repeat(20_000);
    const message = toNodeCompletedMessage(
      dispatch,
      failed({ code: 'C'.repeat(200), message: long, retryable: false }),
      noSecrets,
      at,
    );
    expect(message.logs[0].log.length).toBe(10_000);
    expect(message.logs[0].log.endsWith('… (cut)')).toBe(true);
    expect(message.failure?.message.length).toBe(10_000);
    expect(message.failure?.code.length).toBe(100);
    expect(validateMessage(NodeCompletedMessage, message).ok).toBe(true);
  });
});

describe('fitResultSize', () => {
  const big = { response: { status: 200, data: 'x'.repeat(5_000) } };

  it('leaves a result under the limit alone', () => {
    const message = toNodeCompletedMessage(dispatch, succeeded(big), noSecrets, at);
    expect(fitResultSize(message, 10_000)).toBe(message);
  });

  it('turns a success over the limit into a non-retryable OUTPUT_TOO_LARGE failure without output', () => {
    const message = toNodeCompletedMessage(
      dispatch,
      succeeded(big, [{ logLevel: 'INFO', log: 'ok' }]),
      noSecrets,
      at,
    );
    const fitted = fitResultSize(message, 1_000);
    expect(fitted).toMatchObject({
      id: message.id,
      status: 'COMPLETED',
      result: 'FAILED',
      failure: { code: 'OUTPUT_TOO_LARGE', retryable: false },
    });
    expect(fitted).not.toHaveProperty('output');
    expect(fitted.logs[0]).toEqual({ logLevel: 'INFO', log: 'ok' });
    expect(fitted.logs[1].log).toMatch(
      /^the node result \(\d+ bytes\) is larger than the limit of 1000 bytes/,
    );
    expect(Buffer.byteLength(JSON.stringify(fitted))).toBeLessThanOrEqual(1_000);
    expect(validateMessage(NodeCompletedMessage, fitted).ok).toBe(true);
  });

  it('keeps the failure of a failed result, and the status of an in-progress one', () => {
    const failure = { code: 'HTTP_ERROR', message: 'answered 500', retryable: true };
    const failedMessage = toNodeCompletedMessage(dispatch, failed(failure, { output: big }), noSecrets, at);
    expect(fitResultSize(failedMessage, 1_000)).toMatchObject({ result: 'FAILED', failure });
    const pending = toNodeCompletedMessage(dispatch, inProgress([], big), noSecrets, at);
    const fitted = fitResultSize(pending, 1_000);
    expect(fitted.status).toBe('IN_PROGRESS');
    expect(fitted).not.toHaveProperty('output');
  });
});
