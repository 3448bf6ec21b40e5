import { Injectable } from '@nestjs/common';
import type { NodeRunStatus, RunResult } from '@flowline/contracts';
import type { Principal } from '@flowline/nest-auth';
import { ApiError } from '@flowline/nest-service';
import type { ListRunsQuery } from './dto/list-runs.query';
import { RunRepository } from './run.repository';
import { toRunListItemView, toRunView, type RunView } from './run-view';
import { canViewRun, seesEveryRun } from './run-visibility';

const DEFAULT_LIMIT = 50;

/** Reading runs, with the visibility rules of reference §9.5: a run the caller may not see is a 404. */
@Injectable()
export class RunsService {
  constructor(private readonly runs: RunRepository) {}

  async list(
    principal: Principal,
    query: ListRunsQuery,
  ): Promise<Array<ReturnType<typeof toRunListItemView>>> {
    const rows = await this.runs.list(principal.orgId, {
      limit: query.limit ?? DEFAULT_LIMIT,
      offset: query.offset ?? 0,
      identifiers: query.workflowRunIdentifiers,
      workflowIdentifiers: query.workflowIdentifiers,
      workflowVersions: query.workflowVersions,
      createdBy: query.createdBy,
      statuses: query.statuses,
      results: query.results,
      visibleTo: seesEveryRun(principal) ? undefined : principal.actorId,
    });
    const { nodeRuns, logs } = await this.runs.nodeRunsOf(
      principal.orgId,
      rows.map((run) => run.identifier),
    );
    const nodeRunsByRun = groupBy(nodeRuns, (nodeRun) => nodeRun.runIdentifier);
    const logsByNodeRun = groupBy(logs, (line) => line.nodeRunIdentifier);
    return rows.map((run) => toRunListItemView(run, nodeRunsByRun.get(run.identifier) ?? [], logsByNodeRun));
  }

  async get(principal: Principal, identifier: string): Promise<RunView> {
    const stored = await this.runs.find(principal.orgId, identifier);
    if (!stored || !canViewRun(principal, stored.run))
      throw ApiError.notFound(`workflow run "${identifier}"`);
    return toRunView(stored.run, stored.nodeRuns, stored.logs, stored.attempts);
  }

  /** For the triggers service: whether a requested run exists yet (it is created asynchronously). */
  async status(
    principal: Principal,
    identifier: string,
  ): Promise<{ exists: boolean; status: NodeRunStatus | null; result: RunResult | null }> {
    const found = await this.runs.findStatus(principal.orgId, identifier);
    return { exists: found !== null, status: found?.status ?? null, result: found?.result ?? null };
  }
}

function groupBy<T>(rows: T[], keyOf: (row: T) => string): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const row of rows) {
    const list = grouped.get(keyOf(row)) ?? [];
    list.push(row);
    grouped.set(keyOf(row), list);
  }
  return grouped;
}
