import { idempotencyKeyOf, isId } from '@flowline/contracts';
import { nodeRunHeaders, nodeRunMessage, stableMessageId } from './node-run-message';

const dispatch = {
  orgId: 'org_a',
  runId: 'wfr_AAAAAAAAAAAAAAAA',
  nodeRunId: 'wfnr_BBBBBBBBBBBBBBBB',
  idempotencyKey: idempotencyKeyOf('wfnr_BBBBBBBBBBBBBBBB', 2),
  context: {
    outputs: { trigger: { secretish: 'never copied' } },
    workflow: { identifier: 'deploy', version: 4 },
    workflowRun: { identifier: 'wfr_AAAAAAAAAAAAAAAA', trigger: { by: { email: 'dev@example.com' } } },
    workflowNodeRun: { identifier: 'wfnr_BBBBBBBBBBBBBBBB' },
  },
};

describe('nodeRunMessage', () => {
  it('wraps the payload in the documented envelope, and nothing else of the run', () => {
    const at = new Date('2026-01-02T03:04:05.000Z');
    expect(nodeRunMessage(dispatch, { event: 'started' }, at)).toEqual({
      id: stableMessageId(dispatch.idempotencyKey),
      type: 'WORKFLOW_NODE_RUN',
      occurredAt: '2026-01-02T03:04:05.000Z',
      orgId: 'org_a',
      workflow: { identifier: 'deploy', version: 4 },
      workflowRun: { identifier: 'wfr_AAAAAAAAAAAAAAAA' },
      workflowNodeRun: { identifier: 'wfnr_BBBBBBBBBBBBBBBB' },
      payload: { event: 'started' },
    });
  });

  it('gives an attempt the same message id every time it is published, and another attempt another', () => {
    const id = stableMessageId('wfnr_BBBBBBBBBBBBBBBB:1');
    expect(isId('message', id)).toBe(true);
    expect(stableMessageId('wfnr_BBBBBBBBBBBBBBBB:1')).toBe(id);
    expect(stableMessageId('wfnr_BBBBBBBBBBBBBBBB:2')).not.toBe(id);
  });
});

describe('nodeRunHeaders', () => {
  it('carries the idempotency key and the run ids', () => {
    expect(nodeRunHeaders(dispatch)).toEqual({
      'idempotency-key': 'wfnr_BBBBBBBBBBBBBBBB:2',
      'x-flowline-run-id': 'wfr_AAAAAAAAAAAAAAAA',
      'x-flowline-node-run-id': 'wfnr_BBBBBBBBBBBBBBBB',
    });
  });
});
