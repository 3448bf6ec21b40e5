import { Injectable, Logger } from '@nestjs/common';
import { type RunRequestedMessage, Topics } from '@flowline/contracts';
import { OutboxRelay } from '@flowline/nest-database';
import { RunAdmission } from '../../concurrency/run-admission';
import { RunRepository } from '../run.repository';

export type StartRunOutcome = 'started' | 'replayed-message' | 'run-exists';

/**
 * Starts a run from a run-requested message, at most once per message id and once per run key, in one
 * transaction with its first dispatches and events (outbox); over a concurrency limit, the run queues.
 */
@Injectable()
export class StartRun {
  private readonly logger = new Logger(StartRun.name);

  constructor(
    private readonly runs: RunRepository,
    private readonly admission: RunAdmission,
    private readonly relay: OutboxRelay,
  ) {}

  async execute(message: RunRequestedMessage): Promise<StartRunOutcome> {
    const outcome = await this.runs.transaction(async (tx): Promise<StartRunOutcome> => {
      if (!(await tx.markProcessed(message.orgId, message.id, Topics.runRequested)))
        return 'replayed-message';
      if (await tx.runExists(message.orgId, message.runId, message.runKey)) return 'run-exists';
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
      await this.admission.launch(tx, request, message.workflow.identifier);
      return 'started';
    });
    if (outcome === 'started') this.relay.publishSoon();
    else this.logger.log(`run ${message.runId} (key ${message.runKey}): ${outcome}, nothing to do`);
    return outcome;
  }
}
