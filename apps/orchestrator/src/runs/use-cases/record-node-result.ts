import { Injectable, Logger } from '@nestjs/common';
import { type NodeCompletedMessage, Topics } from '@flowline/contracts';
import { OutboxRelay } from '@flowline/nest-database';
import { RunEngine } from '../../engine/run-engine';
import { RunAdmission } from '../../concurrency/run-admission';
import { RunRepository } from '../run.repository';

/**
 * Applies an executor's report about one attempt of a node run: once per message id, under the run's
 * lock, with the next dispatches and events in the same transaction. A report the run no longer waits for
 * (late, duplicate, another attempt, a finished run) changes nothing.
 */
@Injectable()
export class RecordNodeResult {
  private readonly logger = new Logger(RecordNodeResult.name);

  constructor(
    private readonly runs: RunRepository,
    private readonly engine: RunEngine,
    private readonly admission: RunAdmission,
    private readonly relay: OutboxRelay,
  ) {}

  async execute(message: NodeCompletedMessage): Promise<void> {
    const applied = await this.runs.transaction(async (tx) => {
      if (!(await tx.markProcessed(message.orgId, message.id, Topics.nodeCompleted))) return false;
      const state = await tx.lockRun(message.orgId, message.runId);
      if (!state) {
        this.logger.warn(`result for node run ${message.nodeRunId} of unknown run ${message.runId}: ignored`);
        return false;
      }
      const transition = await this.engine.applyNodeReport(state, {
        nodeRunId: message.nodeRunId,
        attempt: message.attempt,
        status: message.status,
        result: message.result,
        output: message.output,
        logs: message.logs.map((line) => ({ logLevel: line.logLevel, log: line.log, tags: line.tags })),
        failure: message.failure,
        source: 'executor',
      });
      if (!transition.applied) {
        this.logger.log(
          `result for node run ${message.nodeRunId} (attempt ${message.attempt}): ${transition.ignored}`,
        );
        return false;
      }
      await this.admission.apply(tx, state, transition);
      return true;
    });
    if (applied) this.relay.publishSoon();
  }
}
