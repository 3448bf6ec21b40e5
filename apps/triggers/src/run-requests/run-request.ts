import {
  createMessage,
  RUN_REQUESTED_MESSAGE_TYPE,
  type RunRequestedMessage,
  type RunTrigger,
  Topics,
  type WorkflowDefinitionSnapshot,
} from '@flowline/contracts';
import { type OutboxMessage } from '@flowline/nest-database';

export type RunRequestPayload = Omit<RunRequestedMessage, 'id' | 'type' | 'occurredAt' | 'orgId'>;

export interface RunRequest {
  orgId: string;
  runId: string;
  runKey: string;
  /** The pinned version: the latest one this service knows. */
  workflow: WorkflowDefinitionSnapshot;
  trigger: RunTrigger;
  chainDepth: number;
}

/** The RunRequestedMessage for the outbox, keyed by run id like every message of a run (DESIGN.md §2). */
export function runRequested(request: RunRequest, at: Date = new Date()): OutboxMessage {
  const payload: RunRequestPayload = {
    runId: request.runId,
    runKey: request.runKey,
    workflow: request.workflow,
    trigger: request.trigger,
    chainDepth: request.chainDepth,
  };
  return {
    topic: Topics.runRequested,
    key: request.runId,
    orgId: request.orgId,
    message: { ...createMessage(RUN_REQUESTED_MESSAGE_TYPE, request.orgId, payload, at) },
  };
}
