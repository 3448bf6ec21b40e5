import {
  ACTION_RUN_CHANGED_MESSAGE_TYPE,
  type ActionRunChangedPayload,
  createMessage,
  Topics,
} from '@flowline/contracts';
import type { Principal } from '@flowline/nest-auth';
import { type OutboxMessage } from '@flowline/nest-database';
import type { toActionRunView } from './action-run-view';

export type ActionRunView = ReturnType<typeof toActionRunView>;

/** What a report changes on an action run, as Port's run object shows it. */
export interface ReportedChange {
  status?: 'SUCCESS' | 'FAILURE';
  statusLabel?: string;
  link?: string | string[];
  summary?: string;
  externalRunId?: string;
}

/** The run as it is once the report is applied: each given field overwrites, `status` ends it. */
export function afterReport(before: ActionRunView, change: ReportedChange, at: Date): ActionRunView {
  const defined = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
  return {
    ...before,
    ...defined,
    ...(change.status !== undefined ? { endedAt: at.toISOString() } : {}),
    updatedAt: at.toISOString(),
  } as ActionRunView;
}

/** Port's RUN_UPDATED event for the report, as an outbox row keyed by the workflow run. */
export function actionRunUpdated(
  principal: Principal,
  before: ActionRunView,
  after: ActionRunView,
  at: Date,
): OutboxMessage {
  const payload: ActionRunChangedPayload = {
    action: 'UPDATE',
    resourceType: 'run',
    trigger: {
      by: { orgId: principal.orgId, userId: principal.actorId },
      origin: 'API',
      at: at.toISOString(),
    },
    context: { actionIdentifier: before.action.identifier, runId: before.id },
    diff: { before: plain(before), after: plain(after) },
  };
  return {
    topic: Topics.actionRunChanged,
    key: before.workflowRunIdentifier,
    orgId: principal.orgId,
    message: createMessage(ACTION_RUN_CHANGED_MESSAGE_TYPE, principal.orgId, payload, at),
  };
}

function plain(view: ActionRunView): Record<string, unknown> {
  return JSON.parse(JSON.stringify(view)) as Record<string, unknown>;
}
