import { HttpStatus, Injectable } from '@nestjs/common';
import type { Principal } from '@flowline/nest-auth';
import { ApiError } from '@flowline/nest-service';
import type { IgnoredReason } from '../../engine/run-effects';
import type { PatchNodeRunDto } from '../dto/patch-node-run.dto';
import { RunRepository } from '../run.repository';
import { RunWork, type RunWorkOptions } from '../run-work';
import type { RunTransaction } from '../run-transaction';
import { canViewRun } from '../run-visibility';

/**
 * An external system reports progress on a node run (reference §9.4): logs are appended, the output goes
 * through the node's `variables`, and completing it resumes the run, all in one transaction under the
 * run's lock, so it never races the Kafka consumer.
 */
@Injectable()
export class ReportNodeProgress {
  constructor(
    private readonly runs: RunRepository,
    private readonly work: RunWork,
  ) {}

  async execute(
    principal: Principal,
    nodeRunId: string,
    body: PatchNodeRunDto,
    runId?: string,
    /**
     * `alsoWrite`: more writes in the same unit of work, once the report is applied (an action run's
     * fields); `announcesChange`: they include the event announcing the change.
     */
    {
      alsoWrite,
      announcesChange,
    }: Pick<RunWorkOptions, 'announcesChange'> & {
      alsoWrite?: (tx: RunTransaction) => Promise<void>;
    } = {},
  ): Promise<void> {
    if (body.status === 'IN_PROGRESS' && body.result !== undefined) {
      throw ApiError.invalid('result is only allowed with status COMPLETED', [
        { path: 'result', message: 'result is only allowed with status COMPLETED' },
      ]);
    }
    const notFound = ApiError.notFound(`node run "${nodeRunId}"`);
    // A node run never moves to another run: its run can be looked up before the run is locked.
    const owner = await this.runs.runOfNodeRun(principal.orgId, nodeRunId);
    if (!owner || (runId !== undefined && runId !== owner)) throw notFound;
    const report = {
      nodeRunId,
      status: body.status ?? (body.result ? 'COMPLETED' : 'IN_PROGRESS'),
      result: body.result,
      output: body.output,
      logs: (body.logs ?? []).map((line) => ({
        logLevel: line.logLevel,
        log: line.log,
        tags: textTags(line.tags),
      })),
      source: 'api',
    } as const;
    const result = await this.work.apply(
      principal.orgId,
      owner,
      { kind: 'nodeReport', report },
      {
        check: (state) => {
          const visibility = {
            createdBy: state.createdBy,
            allowAnyoneToViewRuns: state.workflow.allowAnyoneToViewRuns !== false,
          };
          if (!canViewRun(principal, visibility)) throw notFound;
        },
        alsoWrite: async (tx) => {
          await tx.setExternalReferences(principal.orgId, nodeRunId, {
            externalRunId: body.externalRunId,
            links: body.links,
          });
          await alsoWrite?.(tx);
        },
        announcesChange,
      },
    );
    if (result.outcome === 'unknown-run') throw notFound;
    if (result.outcome === 'ignored') throw refusal(nodeRunId, result.reason);
  }
}

function refusal(nodeRunId: string, reason: IgnoredReason): ApiError {
  switch (reason) {
    case 'node-run-completed':
    case 'run-completed':
      return new ApiError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'node_run_completed',
        `node run "${nodeRunId}" is already completed`,
      );
    case 'stale-attempt':
      return ApiError.conflict(`node run "${nodeRunId}" is waiting to retry a failed attempt`);
    case 'unknown-node-run':
    case 'stale-timer':
      return ApiError.notFound(`node run "${nodeRunId}"`);
    case 'awaiting-decision':
    case 'not-awaiting-decision':
      return ApiError.conflict(
        `node run "${nodeRunId}" is an approval: approvers decide with PATCH .../approval`,
      );
    case 'not-an-approver':
    case 'already-decided':
    case 'not-queued':
    case 'cancel-requested':
      return ApiError.conflict(`node run "${nodeRunId}" cannot be reported on now`);
  }
}

function textTags(tags: Record<string, unknown> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tags ?? {}).map(([key, value]) => [
      key,
      typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  );
}
