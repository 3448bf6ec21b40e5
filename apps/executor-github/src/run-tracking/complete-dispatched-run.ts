import { Injectable } from '@nestjs/common';
import { abandonedMessage, completedMessage, type CompletionSource } from './run-conclusion';
import { type DispatchedRun, DispatchedRunsRepository } from './dispatched-runs.repository';

/**
 * Completes a waiting node run from its GitHub run, exactly once: the row turns COMPLETED and the
 * NodeCompletedMessage enters the outbox in one transaction; the relay publishes it after commit (and
 * after a crash, at its next sweep). Whoever comes second (webhook or poll) changes nothing.
 */
@Injectable()
export class CompleteDispatchedRun {
  constructor(private readonly runs: DispatchedRunsRepository) {}

  /** True when this call completed the node run. */
  async fromConclusion(
    run: DispatchedRun,
    conclusion: string | null,
    source: CompletionSource,
  ): Promise<boolean> {
    return this.finish(run, conclusion, (completed) =>
      completedMessage(
        { ...completed, githubRunId: run.githubRunId, runUrl: run.runUrl },
        conclusion,
        source,
      ),
    );
  }

  /** Fails a node run whose GitHub run never finished (or was never found) in time. */
  async abandon(run: DispatchedRun, waitedMs: number): Promise<boolean> {
    return this.finish(run, null, (completed) => abandonedMessage(completed, waitedMs));
  }

  private async finish(
    run: DispatchedRun,
    conclusion: string | null,
    message: (completed: DispatchedRun) => ReturnType<typeof completedMessage>,
  ): Promise<boolean> {
    const completed = await this.runs.completeIfWaiting(run, conclusion, message);
    return completed;
  }
}
