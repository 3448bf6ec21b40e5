import { Injectable, Logger } from '@nestjs/common';
import { ApiError } from '@flowline/nest-service';
import { type IndexedWorkflow, readIndexedWorkflow } from './indexed-workflow';
import { TriggerIndex } from './trigger-index';
import { WorkflowsClient } from './workflows.client';

/** Fields of the API's workflow view that are not part of a definition snapshot. */
const VIEW_ONLY_FIELDS = ['isDeleted', 'deletedAt', 'deletedBy'];

/**
 * The latest version of a workflow for a self-service run: from the index, or, for a workflow this
 * replica has not indexed yet (created a moment ago), read through from the workflows service. What is
 * read through is not put into the index: the index follows the topic alone, so a late read can never
 * resurrect a workflow whose tombstone the topic has already delivered.
 */
@Injectable()
export class WorkflowLookup {
  private readonly logger = new Logger(WorkflowLookup.name);

  constructor(
    private readonly index: TriggerIndex,
    private readonly workflows: WorkflowsClient,
  ) {}

  async latest(orgId: string, identifier: string): Promise<IndexedWorkflow | undefined> {
    const indexed = this.index.get(orgId, identifier);
    if (indexed) return indexed;
    const view = await this.workflows.latestDefinition(orgId, identifier);
    if (!view || view['isDeleted'] === true) return undefined;
    const snapshot = Object.fromEntries(
      Object.entries(view).filter(([field]) => !VIEW_ONLY_FIELDS.includes(field)),
    );
    const reading = readIndexedWorkflow(snapshot);
    if (!reading.ok || reading.workflow.orgId !== orgId) {
      this.logger.error(
        `workflow "${identifier}" of ${orgId} read through is unusable: ${reading.ok ? 'another org' : reading.problems.join('; ')}`,
      );
      throw new ApiError(503, 'service_unavailable', 'the workflow definition could not be read, try again');
    }
    return reading.workflow;
  }
}
