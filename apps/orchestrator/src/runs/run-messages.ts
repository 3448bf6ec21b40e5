import {
  createMessage,
  NODE_DISPATCH_MESSAGE_TYPE,
  nodeDispatchTopic,
  RUN_CREATED_HEADER,
  RUN_EVENT_TYPE_HEADER,
  type RunEventMessage,
  Topics,
} from '@flowline/contracts';
import { type OutboxMessage } from '@flowline/nest-database';
import type { NodeDispatch, RunEffect, RunEvent } from '../engine/run-effects';
import type { RunState } from '../engine/run-state';
import type { RunView } from './run-view';

/**
 * The Kafka messages a transition sends, in the order it asked for them; all keyed by run id. The run
 * status event of the transition that created the run carries `createdView` (the run as the API shows it).
 */
export function outgoingMessages(
  state: RunState,
  effects: RunEffect[],
  createdView?: RunView,
): OutboxMessage[] {
  const creates = effects.some((effect) => effect.kind === 'createRun');
  return effects.flatMap((effect): OutboxMessage[] => {
    switch (effect.kind) {
      case 'dispatchNode':
        return [dispatchMessage(state, effect.dispatch)];
      case 'emitRunEvent':
        return [
          runEventMessage(
            state,
            effect.event,
            creates && effect.event.type === 'WORKFLOW_RUN_STATUS_CHANGED',
            createdView,
          ),
        ];
      case 'createRun':
      case 'updateRun':
      case 'createNodeRun':
      case 'updateNodeRun':
      case 'appendLogs':
      case 'startAttempt':
      case 'completeAttempt':
      case 'scheduleTimer':
      case 'openApproval':
      case 'recordDecision':
      case 'closeApproval':
        return [];
    }
  });
}

function dispatchMessage(state: RunState, dispatch: NodeDispatch): OutboxMessage {
  const message = createMessage(NODE_DISPATCH_MESSAGE_TYPE, state.orgId, {
    runId: dispatch.runId,
    nodeRunId: dispatch.nodeRunId,
    attempt: dispatch.attempt,
    idempotencyKey: dispatch.idempotencyKey,
    node: dispatch.node,
    context: dispatch.context,
    ...(dispatch.deadline ? { deadline: dispatch.deadline.toISOString() } : {}),
  });
  return {
    topic: nodeDispatchTopic(dispatch.backend),
    key: state.identifier,
    orgId: state.orgId,
    message: { ...message },
    headers: { 'x-flowline-idempotency-key': dispatch.idempotencyKey },
  };
}

function runEventMessage(
  state: RunState,
  event: RunEvent,
  created: boolean,
  createdView?: RunView,
): OutboxMessage {
  const view = created ? createdView : undefined;
  const payload: Omit<RunEventMessage, 'id' | 'type' | 'occurredAt' | 'orgId'> = {
    runId: state.identifier,
    workflowIdentifier: state.workflow.identifier,
    workflowVersion: state.workflowVersion,
    ...(event.nodeRunId ? { nodeRunId: event.nodeRunId, nodeIdentifier: event.nodeIdentifier } : {}),
    status: event.status,
    result: event.result,
    ...(view ? { run: view as unknown as Record<string, unknown> } : {}),
  };
  return {
    topic: Topics.runEvents,
    key: state.identifier,
    orgId: state.orgId,
    message: { ...createMessage(event.type, state.orgId, payload) },
    headers: { [RUN_EVENT_TYPE_HEADER]: event.type, ...(created ? { [RUN_CREATED_HEADER]: '1' } : {}) },
  };
}
