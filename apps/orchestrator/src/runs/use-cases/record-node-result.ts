import { Injectable, Logger } from '@nestjs/common';
import { type NodeCompletedMessage, Topics } from '@flowline/contracts';
import { RunWork } from '../run-work';

/**
 * Applies an executor's report about one attempt of a node run: once per message id, under the run's
 * lock, with the next dispatches and events in the same transaction. A report the run no longer waits for
 * (late, duplicate, another attempt, a finished run) changes nothing.
 */
@Injectable()
export class RecordNodeResult {
  private readonly logger = new Logger(RecordNodeResult.name);

  constructor(private readonly work: RunWork) {}

  async execute(message: NodeCompletedMessage): Promise<void> {
    const report = {
      nodeRunId: message.nodeRunId,
      attempt: message.attempt,
      status: message.status,
      result: message.result,
      output: message.output,
      logs: message.logs.map((line) => ({ logLevel: line.logLevel, log: line.log, tags: line.tags })),
      failure: message.failure,
      source: 'executor' as const,
    };
    const result = await this.work.apply(
      message.orgId,
      message.runId,
      { kind: 'nodeReport', report },
      { message: { id: message.id, topic: Topics.nodeCompleted } },
    );
    if (result.outcome === 'unknown-run')
      this.logger.warn(`result for node run ${message.nodeRunId} of unknown run ${message.runId}: ignored`);
    else if (result.outcome === 'ignored')
      this.logger.log(
        `result for node run ${message.nodeRunId} (attempt ${message.attempt}): ${result.reason}`,
      );
  }
}
