import { Injectable } from '@nestjs/common';
import type { Principal } from '@flowline/nest-auth';
import { ApiError } from '@flowline/nest-service';
import { RunEngine } from '../../engine/run-engine';
import type { JsonObject } from '../../engine/run-state';
import { JqExpressions } from '../../runs/run-engine.provider';
import { RunRepository, type StoredRun } from '../../runs/run.repository';
import { canViewRun } from '../../runs/run-visibility';
import { WorkflowsClient } from '../../workflow-definitions/workflows.client';
import type { DryRunDto } from '../dto/dry-run.dto';
import { type DryRunResult, simulateRun } from '../simulate-run';

export interface DryRunView extends DryRunResult {
  workflow: { identifier: string; version: number };
  fromRunId: string | null;
}

/**
 * Tries a workflow version on sample inputs, or on an earlier run's trigger output and node outputs,
 * through the real run engine: nothing is stored, dispatched or published, and secrets appear by name.
 */
@Injectable()
export class DryRunWorkflow {
  constructor(
    private readonly engine: RunEngine,
    private readonly expressions: JqExpressions,
    private readonly runs: RunRepository,
    private readonly workflows: WorkflowsClient,
  ) {}

  async execute(principal: Principal, workflowIdentifier: string, body: DryRunDto): Promise<DryRunView> {
    if (body.inputs && body.fromRunId) {
      throw ApiError.invalid('give either inputs or fromRunId, not both', [
        { path: 'fromRunId', message: 'cannot be combined with inputs' },
      ]);
    }
    const origin = body.fromRunId
      ? await this.originRun(principal, workflowIdentifier, body.fromRunId)
      : null;
    const pinned = await this.definition(principal, workflowIdentifier, body.version, origin);
    const triggerIdentifier = (origin?.run.trigger as { nodeIdentifier?: string } | undefined)
      ?.nodeIdentifier;
    const sampleOutputs: Record<string, JsonObject> = {};
    let triggerOutput: JsonObject = body.inputs ?? {};
    for (const nodeRun of origin?.nodeRuns ?? []) {
      if (nodeRun.nodeIdentifier === triggerIdentifier) triggerOutput = nodeRun.rawOutput;
      else sampleOutputs[nodeRun.nodeIdentifier] = nodeRun.rawOutput;
    }
    const result = await simulateRun(this.engine, this.expressions, {
      workflow: pinned.definition,
      workflowVersion: pinned.version,
      orgId: principal.orgId,
      by: { actorId: principal.actorId, kind: principal.kind },
      triggerOutput,
      sampleOutputs,
    });
    return {
      workflow: { identifier: workflowIdentifier, version: pinned.version },
      fromRunId: origin?.run.identifier ?? null,
      ...result,
    };
  }

  private async originRun(
    principal: Principal,
    workflowIdentifier: string,
    runId: string,
  ): Promise<StoredRun> {
    const origin = await this.runs.find(principal.orgId, runId);
    if (
      !origin ||
      !canViewRun(principal, origin.run) ||
      origin.run.workflowIdentifier !== workflowIdentifier
    ) {
      throw ApiError.notFound(`workflow run "${runId}" of workflow "${workflowIdentifier}"`);
    }
    return origin;
  }

  /** The version asked for; else the earlier run's own version; else the latest. */
  private async definition(
    principal: Principal,
    workflowIdentifier: string,
    version: number | undefined,
    origin: StoredRun | null,
  ): Promise<{ version: number; definition: JsonObject }> {
    if (origin && (version === undefined || version === origin.run.workflowVersion)) {
      return { version: origin.run.workflowVersion, definition: origin.run.definition as JsonObject };
    }
    const found = await this.workflows.definitionAt(principal.orgId, workflowIdentifier, version);
    if (!found) {
      const what = version === undefined ? '' : `version ${version} of `;
      throw ApiError.notFound(`${what}workflow "${workflowIdentifier}"`);
    }
    return found;
  }
}
