import { HttpStatus, Injectable } from '@nestjs/common';
import {
  ACTION_WORKFLOW_PREFIX,
  ActionNodes,
  actionWorkflowIdentifier,
  workflowRunIdOfActionRun,
} from '@flowline/contracts';
import type { Principal } from '@flowline/nest-auth';
import { addToOutbox } from '@flowline/nest-database';
import type { EntityManager } from 'typeorm';
import { actionRunUpdated, afterReport } from './action-run-changes';
import { ApiError } from '@flowline/nest-service';
import { RunRepository } from '../runs/run.repository';
import { toRunListItemView } from '../runs/run-view';
import { seesEveryRun } from '../runs/run-visibility';
import { RunsService } from '../runs/runs.service';
import { ReportNodeProgress } from '../runs/use-cases/report-node-progress';
import { ActionRunRepository, type ActionRunFieldChanges } from './action-run.repository';
import { toActionRunView, type WorkflowRunView } from './action-run-view';
import type {
  ActionRunLogsQuery,
  AppendActionRunLogDto,
  EndingStatus,
  ListActionRunsQuery,
  PatchActionRunDto,
} from './dto/action-runs.dto';

/**
 * Action runs (`r_X`) are views over the workflow runs (`wfr_X`) of actions' workflows. Ending one is a
 * report on its backend node run through the orchestrator's node-run path, with the action run's own
 * fields written in the same unit of work.
 */
@Injectable()
export class ActionRunsService {
  constructor(
    private readonly runs: RunsService,
    private readonly runRepository: RunRepository,
    private readonly progress: ReportNodeProgress,
    private readonly actionRuns: ActionRunRepository,
  ) {}

  async get(principal: Principal, actionRunId: string) {
    const run = await this.workflowRun(principal, actionRunId);
    return toActionRunView(run, await this.actionRuns.fieldsOf(principal.orgId, run.identifier));
  }

  async list(principal: Principal, query: ListActionRunsQuery) {
    const limit = query.limit ?? 50;
    // Entity and status are read from each run's view: fetch generously, then filter and cut.
    const filtered = query.entity !== undefined || query.status !== undefined;
    const rows = await this.runRepository.list(principal.orgId, {
      limit: filtered ? 1000 : limit,
      offset: filtered ? 0 : (query.offset ?? 0),
      ...(query.action !== undefined
        ? { workflowIdentifiers: [actionWorkflowIdentifier(query.action)] }
        : { workflowIdentifierPrefix: ACTION_WORKFLOW_PREFIX }),
      visibleTo: seesEveryRun(principal) ? undefined : principal.actorId,
    });
    const ids = rows.map((run) => run.identifier);
    const { nodeRuns, logs } = await this.runRepository.nodeRunsOf(principal.orgId, ids);
    const fields = await this.actionRuns.fieldsOfRuns(principal.orgId, ids);
    const views = rows.map((run) => {
      const logsByNodeRun = new Map<string, typeof logs>();
      for (const line of logs)
        logsByNodeRun.set(line.nodeRunIdentifier, [
          ...(logsByNodeRun.get(line.nodeRunIdentifier) ?? []),
          line,
        ]);
      const ownNodeRuns = nodeRuns.filter((nodeRun) => nodeRun.runIdentifier === run.identifier);
      const view = toRunListItemView(run, ownNodeRuns, logsByNodeRun) as unknown as WorkflowRunView;
      return toActionRunView(view, fields.get(run.identifier) ?? null);
    });
    const matching = views.filter(
      (view) =>
        (query.entity === undefined || view.entity?.identifier === query.entity) &&
        (query.status === undefined || view.status === query.status),
    );
    return filtered ? matching.slice(query.offset ?? 0, (query.offset ?? 0) + limit) : matching;
  }

  async patch(principal: Principal, actionRunId: string, body: PatchActionRunDto) {
    const run = await this.workflowRun(principal, actionRunId);
    const before = toActionRunView(run, await this.actionRuns.fieldsOf(principal.orgId, run.identifier));
    const changes: ActionRunFieldChanges = {
      statusLabel: body.statusLabel,
      summary: body.summary,
      link: body.link,
    };
    const announce = (manager: EntityManager) => {
      const at = new Date();
      const after = afterReport(before, body, at);
      return addToOutbox(manager, [actionRunUpdated(principal, before, after, at)]);
    };
    if (body.status !== undefined || body.externalRunId !== undefined) {
      await this.reportOnBackend(principal, run, body.status, body.externalRunId, changes, announce);
    } else {
      await this.actionRuns.transaction(async (manager) => {
        await this.actionRuns.change(manager, principal.orgId, run.identifier, changes);
        await announce(manager);
      });
    }
    return this.get(principal, actionRunId);
  }

  async appendLog(principal: Principal, actionRunId: string, body: AppendActionRunLogDto) {
    const run = await this.workflowRun(principal, actionRunId);
    const fields = await this.actionRuns.fieldsOf(principal.orgId, run.identifier);
    if (fields?.terminatedAt) throw terminated(actionRunId);
    const line = {
      orgId: principal.orgId,
      runIdentifier: run.identifier,
      message: body.message,
      createdBy: principal.actorId,
    };
    if (body.terminationStatus !== undefined) {
      const at = new Date();
      const changes = { statusLabel: body.statusLabel, terminatedAt: at };
      const before = toActionRunView(run, fields);
      const after = afterReport(
        before,
        { status: body.terminationStatus, statusLabel: body.statusLabel },
        at,
      );
      await this.reportOnBackend(
        principal,
        run,
        body.terminationStatus,
        undefined,
        changes,
        async (manager) => {
          await this.actionRuns.appendLog(manager, line);
          // Posting a log line is not an update (Port); ending the run is.
          await addToOutbox(manager, [actionRunUpdated(principal, before, after, at)]);
        },
      );
    } else {
      await this.actionRuns.transaction(async (manager) => {
        await this.actionRuns.appendLog(manager, line);
        if (body.statusLabel !== undefined)
          await this.actionRuns.change(manager, principal.orgId, run.identifier, {
            statusLabel: body.statusLabel,
          });
      });
    }
  }

  async logs(principal: Principal, actionRunId: string, query: ActionRunLogsQuery) {
    const run = await this.workflowRun(principal, actionRunId);
    const rows = await this.actionRuns.logsOf(
      principal.orgId,
      run.identifier,
      query.limit ?? 50,
      query.offset ?? 0,
    );
    return rows.map((row) => ({
      id: row.id,
      runId: actionRunId,
      message: row.message,
      createdBy: row.createdBy,
      createdAt: row.createdAt.toISOString(),
    }));
  }

  /**
   * A report on the backend node run (ending it when `status` is given) with the action run's fields and
   * any `more` rows written in the same transaction, under the run's lock.
   */
  private async reportOnBackend(
    principal: Principal,
    run: WorkflowRunView,
    status: EndingStatus | undefined,
    externalRunId: string | undefined,
    changes: ActionRunFieldChanges,
    more?: (manager: EntityManager) => Promise<void>,
  ): Promise<void> {
    const backend = run.nodeRuns.find((nodeRun) => nodeRun.node.identifier === ActionNodes.backend);
    if (!backend) {
      throw new ApiError(
        HttpStatus.CONFLICT,
        'conflict',
        `action run "${actionRunIdOf(run)}" has not reached its backend yet`,
      );
    }
    const ending =
      status === undefined
        ? {}
        : {
            status: 'COMPLETED' as const,
            result: status === 'SUCCESS' ? ('SUCCESS' as const) : ('FAILED' as const),
          };
    try {
      await this.progress.execute(
        principal,
        backend.identifier,
        { ...ending, ...(externalRunId !== undefined ? { externalRunId } : {}) },
        run.identifier,
        {
          alsoWrite: async (tx) => {
            await this.actionRuns.change(tx.entities, principal.orgId, run.identifier, changes);
            await more?.(tx.entities);
          },
          announcesChange: true,
        },
      );
    } catch (error) {
      if (error instanceof ApiError && error.code === 'node_run_completed')
        throw terminated(actionRunIdOf(run));
      throw error;
    }
  }

  private async workflowRun(principal: Principal, actionRunId: string): Promise<WorkflowRunView> {
    const runId = workflowRunIdOfActionRun(actionRunId);
    const notFound = ApiError.notFound(`action run "${actionRunId}"`);
    if (!runId) throw notFound;
    const run = (await this.runs.get(principal, runId).catch((error: unknown) => {
      if (error instanceof ApiError && error.getStatus() === 404) throw notFound;
      throw error;
    })) as unknown as WorkflowRunView;
    if (!run.workflow.identifier.startsWith(ACTION_WORKFLOW_PREFIX)) throw notFound;
    return run;
  }
}

function actionRunIdOf(run: WorkflowRunView): string {
  return `r_${run.identifier.slice('wfr_'.length)}`;
}

function terminated(actionRunId: string): ApiError {
  return new ApiError(
    HttpStatus.UNPROCESSABLE_ENTITY,
    'run_terminated',
    `action run "${actionRunId}" has already ended`,
  );
}
