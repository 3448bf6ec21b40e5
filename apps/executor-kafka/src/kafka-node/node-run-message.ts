import { createHash } from 'node:crypto';
import { type Message, type NodeDispatchMessage } from '@flowline/contracts';

/** The `type` of what a KAFKA node publishes (the reference leaves the wrapper undocumented, §5.2). */
export const WORKFLOW_NODE_RUN_MESSAGE_TYPE = 'WORKFLOW_NODE_RUN';

export interface NodeRunMessagePayload {
  workflow: { identifier: string; version: number };
  workflowRun: { identifier: string };
  workflowNodeRun: { identifier: string };
  payload: Record<string, unknown> | unknown[];
}

/** `{ id, type, occurredAt, orgId, workflow, workflowRun, workflowNodeRun, payload }`. */
export type NodeRunMessage = Message<NodeRunMessagePayload>;

type DispatchIds = Pick<NodeDispatchMessage, 'orgId' | 'runId' | 'nodeRunId' | 'idempotencyKey' | 'context'>;

/**
 * The documented envelope around a KAFKA node's payload. Its `id` follows from the idempotency key, so
 * an attempt published twice (delivery is at least once) carries the same id, key and headers.
 */
export function nodeRunMessage(
  dispatch: DispatchIds,
  payload: NodeRunMessagePayload['payload'],
  at: Date = new Date(),
): NodeRunMessage {
  return {
    id: stableMessageId(dispatch.idempotencyKey),
    type: WORKFLOW_NODE_RUN_MESSAGE_TYPE,
    occurredAt: at.toISOString(),
    orgId: dispatch.orgId,
    workflow: {
      identifier: dispatch.context.workflow.identifier,
      version: dispatch.context.workflow.version,
    },
    workflowRun: { identifier: dispatch.runId },
    workflowNodeRun: { identifier: dispatch.nodeRunId },
    payload,
  };
}

/** The headers consumers route and deduplicate on; the producer adds `traceparent` itself. */
export function nodeRunHeaders(
  dispatch: Pick<NodeDispatchMessage, 'runId' | 'nodeRunId' | 'idempotencyKey'>,
): Record<string, string> {
  return {
    'idempotency-key': dispatch.idempotencyKey,
    'x-flowline-run-id': dispatch.runId,
    'x-flowline-node-run-id': dispatch.nodeRunId,
  };
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `msg_` + 16 alphanumerics (the contracts' message id format), derived from the idempotency key. */
export function stableMessageId(idempotencyKey: string): string {
  const digest = createHash('sha256').update(idempotencyKey).digest();
  let body = '';
  for (let i = 0; i < 16; i += 1) body += ALPHANUMERIC[digest[i] % ALPHANUMERIC.length];
  return `msg_${body}`;
}
