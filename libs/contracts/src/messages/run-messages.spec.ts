import { createMessage } from '../envelope';
import { newId } from '../ids';
import { validateMessage } from '../validation';
import { NodeCompletedMessage } from './node-completed.message';
import { idempotencyKeyOf, NodeDispatchMessage } from './node-dispatch.message';
import { RunEventMessage } from './run-event.message';
import { RunRequestedMessage } from './run-requested.message';

const runId = newId('workflowRun');
const nodeRunId = newId('workflowNodeRun');
const workflow = {
  identifier: 'deploy',
  nodes: [{ identifier: 'trigger', config: { type: 'SELF_SERVE_TRIGGER' } }],
  connections: [],
  orgId: 'org_a',
  version: 3,
  createdBy: 'u',
  updatedBy: 'u',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('run engine messages', () => {
  it('accepts a run request carrying the pinned workflow version and the trigger output', () => {
    const message = createMessage('WORKFLOW_RUN_REQUESTED', 'org_a', {
      runId,
      runKey: 'idem-1',
      workflow,
      trigger: {
        kind: 'SELF_SERVE',
        nodeIdentifier: 'trigger',
        by: { actorId: 'u', kind: 'user' },
        output: { env: 'prod' },
      },
      chainDepth: 0,
    });
    const result = validateMessage(RunRequestedMessage, message);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('refuses a run request with a malformed run id and no trigger', () => {
    const result = validateMessage(
      RunRequestedMessage,
      createMessage('X', 'org_a', { runId: 'run-1', runKey: 'k', workflow, chainDepth: 0 }),
    );
    expect(result.ok ? [] : result.problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['runId', 'trigger']),
    );
  });

  it('accepts a dispatch and keys side effects by node run and attempt', () => {
    const message = createMessage('NODE_DISPATCHED', 'org_a', {
      runId,
      nodeRunId,
      attempt: 2,
      idempotencyKey: idempotencyKeyOf(nodeRunId, 2),
      node: { identifier: 'deploy', config: { type: 'WEBHOOK', url: '{{ .outputs.trigger.url }}' } },
      context: {
        outputs: { trigger: {} },
        workflow: { identifier: 'deploy', version: 3 },
        workflowRun: { identifier: runId, trigger: { by: { actorId: 'u' } } },
        workflowNodeRun: { identifier: nodeRunId },
      },
    });
    expect(validateMessage(NodeDispatchMessage, message).ok).toBe(true);
    expect(message.idempotencyKey).toBe(`${nodeRunId}:2`);
  });

  it("accepts the run's chain depth in a dispatch context, and only a whole number from 0", () => {
    const dispatch = (chainDepth: unknown) =>
      createMessage('NODE_DISPATCHED', 'org_a', {
        runId,
        nodeRunId,
        attempt: 1,
        idempotencyKey: idempotencyKeyOf(nodeRunId, 1),
        node: { identifier: 'upsert', config: { type: 'UPSERT_ENTITY' } },
        context: {
          outputs: {},
          workflow: { identifier: 'deploy', version: 1 },
          workflowRun: { identifier: runId, trigger: { by: {} } },
          workflowNodeRun: { identifier: nodeRunId },
          chainDepth,
        },
      });
    expect(validateMessage(NodeDispatchMessage, dispatch(2)).ok).toBe(true);
    expect(validateMessage(NodeDispatchMessage, dispatch(undefined)).ok).toBe(true);
    const bad = validateMessage(NodeDispatchMessage, dispatch(-1));
    expect(bad.ok ? [] : bad.problems.map((p) => p.path)).toEqual(['context.chainDepth']);
  });

  it('checks node results field by field, logs included', () => {
    const result = validateMessage(
      NodeCompletedMessage,
      createMessage('NODE_RESULT_REPORTED', 'org_a', {
        runId,
        nodeRunId,
        attempt: 1,
        status: 'DONE',
        logs: [{ logLevel: 'LOUD', log: 'x' }],
      }),
    );
    expect(result.ok ? [] : result.problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['status', 'logs[0].logLevel']),
    );
  });

  it('accepts a run event for a node run', () => {
    const message = createMessage('NODE_RUN_STATUS_CHANGED', 'org_a', {
      runId,
      nodeRunId,
      nodeIdentifier: 'deploy',
      workflowIdentifier: 'deploy',
      workflowVersion: 3,
      status: 'COMPLETED',
      result: 'SUCCESS',
    });
    expect(validateMessage(RunEventMessage, message).ok).toBe(true);
    expect(validateMessage(RunEventMessage, { ...message, type: 'SOMETHING_ELSE' }).ok).toBe(false);
  });
});
