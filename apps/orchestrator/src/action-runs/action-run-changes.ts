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
  return actionRunChanged(principal.orgId, {
    trigger: { by: { orgId: principal.orgId, userId: principal.actorId }, origin: 'API' },
    before,
    after,
    at,
  });
}

/** What an action-run event says besides the run: who changed it and how deep in a chain of runs it is. */
export interface ActionRunAnnouncement {
  trigger: { by: Record<string, unknown>; origin: string };
  /** Null: the run was created (RUN_CREATED). */
  before: ActionRunView | null;
  after: ActionRunView;
  at: Date;
  chainDepth?: number;
}

/** Port's run event (RUN_CREATED when there is no `before`, else RUN_UPDATED), as an outbox row. */
export function actionRunChanged(orgId: string, change: ActionRunAnnouncement): OutboxMessage {
  const { before, after, at } = change;
  const payload: ActionRunChangedPayload = {
    action: before === null ? 'CREATE' : 'UPDATE',
    resourceType: 'run',
    trigger: { ...change.trigger, at: at.toISOString() },
    context: { actionIdentifier: after.action.identifier, runId: after.id },
    diff: { before: before === null ? null : plain(before), after: plain(after) },
    ...(change.chainDepth !== undefined ? { chainDepth: change.chainDepth } : {}),
  };
  return {
    topic: Topics.actionRunChanged,
    key: after.workflowRunIdentifier,
    orgId,
    message: createMessage(ACTION_RUN_CHANGED_MESSAGE_TYPE, orgId, payload, at),
  };
}

function plain(view: ActionRunView): Record<string, unknown> {
  return JSON.parse(JSON.stringify(view)) as Record<string, unknown>;
}
