import { failed, inProgress, succeeded, withActionPayload } from './execution-results';

const forWorkflow = (identifier: string) => ({
  context: {
    outputs: {},
    workflow: { identifier, version: 1 },
    workflowRun: { identifier: 'wfr_1', trigger: { by: {} } },
    workflowNodeRun: { identifier: 'wfnr_1' },
  },
});

describe('withActionPayload', () => {
  const payload = { service: 'checkout' };

  it('adds what an action’s backend was invoked with as `request`, whatever the outcome', () => {
    const action = forWorkflow('action:restart');
    expect(withActionPayload(succeeded({ response: { status: 200 } }), action, payload)).toMatchObject({
      output: { response: { status: 200 }, request: payload },
    });
    expect(withActionPayload(inProgress([]), action, payload)).toMatchObject({
      status: 'IN_PROGRESS',
      output: { request: payload },
    });
    const failure = { code: 'HTTP_ERROR', message: 'answered 500', retryable: true };
    expect(withActionPayload(failed(failure), action, payload)).toMatchObject({
      result: 'FAILED',
      failure,
      output: { request: payload },
    });
  });

  it('leaves the nodes of other workflows as they are', () => {
    const result = succeeded({ response: { status: 200 } });
    expect(withActionPayload(result, forWorkflow('deploy-service'), payload)).toBe(result);
  });
});
