import { Injectable } from '@nestjs/common';
import {
  ACTION_WORKFLOW_PREFIX,
  type EntityChangedMessage,
  Topics,
  workflowRunIdOfActionRun,
} from '@flowline/contracts';
import { RunRepository } from '../runs/run.repository';
import { ActionRunRepository } from './action-run.repository';

/**
 * An entity write made with `?run_id=` (Port ties it to the action run): the run's log records the
 * change, once per event however often it is delivered. Changes naming no run, or a run that is not an
 * action run of the org, are ignored.
 */
@Injectable()
export class RecordEntityChange {
  constructor(
    private readonly runs: RunRepository,
    private readonly actionRuns: ActionRunRepository,
  ) {}

  async execute(message: EntityChangedMessage): Promise<void> {
    const runId = message.runId === undefined ? undefined : workflowRunIdOfActionRun(message.runId);
    if (runId === undefined) return;
    const run = await this.runs.findStatus(message.orgId, runId);
    if (!run) return;
    await this.runs.transaction(async (tx) => {
      if (!(await tx.markProcessed(message.orgId, message.id, Topics.entityChanged))) return;
      const state = await tx.lockRun(message.orgId, runId);
      if (!state?.workflow.identifier.startsWith(ACTION_WORKFLOW_PREFIX)) return;
      const { blueprintIdentifier, entityIdentifier } = message.context;
      await this.actionRuns.appendLog(tx.entities, {
        orgId: message.orgId,
        runIdentifier: runId,
        message: `${verbOf(message.action)} entity "${entityIdentifier}" of blueprint "${blueprintIdentifier}"`,
        createdBy: message.trigger.by.userId ?? 'catalog',
      });
    });
  }
}

function verbOf(action: EntityChangedMessage['action']): string {
  switch (action) {
    case 'CREATE':
      return 'created';
    case 'UPDATE':
      return 'updated';
    case 'DELETE':
      return 'deleted';
    case 'TIMER_EXPIRED':
      return 'timer expired on';
  }
}
