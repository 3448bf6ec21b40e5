import { Injectable, Logger } from '@nestjs/common';
import { type RunRequestedMessage, Topics } from '@flowline/contracts';
import { RunWork } from '../run-work';

export type StartRunOutcome = 'started' | 'replayed-message' | 'run-exists';

/**
 * Starts a run from a run-requested message, at most once per message id and once per run key, in one
 * transaction with its first dispatches and events (outbox); over a concurrency limit, the run queues.
 */
@Injectable()
export class StartRun {
  private readonly logger = new Logger(StartRun.name);

  constructor(private readonly work: RunWork) {}

  async execute(message: RunRequestedMessage): Promise<StartRunOutcome> {
    const request = {
      runId: message.runId,
      orgId: message.orgId,
      runKey: message.runKey,
      workflow: message.workflow,
      workflowVersion: message.workflow.version,
      trigger: {
        kind: message.trigger.kind,
        nodeIdentifier: message.trigger.nodeIdentifier,
        by: { ...message.trigger.by },
        output: message.trigger.output,
      },
      chainDepth: message.chainDepth,
    };
    const result = await this.work.apply(
      message.orgId,
      message.runId,
      { kind: 'start', request, workflowIdentifier: message.workflow.identifier },
      { message: { id: message.id, topic: Topics.runRequested } },
    );
    if (result.outcome === 'replayed-message' || result.outcome === 'run-exists') {
      this.logger.log(`run ${message.runId} (key ${message.runKey}): ${result.outcome}, nothing to do`);
      return result.outcome;
    }
    return 'started';
  }
}
