import { Inject, Injectable } from '@nestjs/common';
import { addToOutbox, GroupCommit, type OutboxMessage, pipelinedTransaction } from '@flowline/nest-database';
import { DataSource, type EntityManager } from 'typeorm';
import type { TriggersConfig } from '../triggers.config';
import { EventRunEntity, SelfServeSubmissionEntity } from './run-request.entities';

type Work = (tx: RunRequestTransaction) => Promise<unknown>;

/** The writes of one run request (or one event's run requests), in one transaction with their messages. */
export class RunRequestTransaction {
  constructor(private readonly manager: EntityManager) {}

  /**
   * Records a submission under its idempotency key. When the key is taken (a retry, or a concurrent twin
   * that committed first: the insert waits for it), nothing is written and the stored submission is returned.
   */
  async claimSubmission(submission: SelfServeSubmissionEntity): Promise<SelfServeSubmissionEntity | null> {
    const result = await this.manager
      .createQueryBuilder()
      .insert()
      .into(SelfServeSubmissionEntity)
      .values(submission)
      .orIgnore()
      .returning(['runId'])
      .execute();
    if ((result.raw as unknown[]).length > 0) return null;
    return this.manager.getRepository(SelfServeSubmissionEntity).findOneByOrFail({
      orgId: submission.orgId,
      workflowIdentifier: submission.workflowIdentifier,
      idempotencyKey: submission.idempotencyKey,
    });
  }

  /** Records an event's run; false when this event already requested a run of this workflow. */
  async claimEventRun(run: EventRunEntity): Promise<boolean> {
    const result = await this.manager
      .createQueryBuilder()
      .insert()
      .into(EventRunEntity)
      .values(run)
      .orIgnore()
      .returning(['runId'])
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  publish(messages: OutboxMessage[]): Promise<void> {
    return addToOutbox(this.manager, messages);
  }
}

/** Idempotency records of run requests. Every query names the org. */
@Injectable()
export class RunRequestRepository {
  private readonly commits: GroupCommit<Work, unknown>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject('SERVICE_CONFIG')
    config: Pick<
      TriggersConfig,
      'RUN_REQUEST_BATCH_SIZE' | 'RUN_REQUEST_TRANSACTIONS' | 'DATABASE_POOL_SIZE'
    >,
  ) {
    this.commits = new GroupCommit<Work, unknown>(
      {
        maxBatch: config.RUN_REQUEST_BATCH_SIZE,
        maxTransactions: Math.min(config.RUN_REQUEST_TRANSACTIONS, config.DATABASE_POOL_SIZE),
      },
      (works) =>
        pipelinedTransaction(this.dataSource, async (manager) => {
          const tx = new RunRequestTransaction(manager);
          const results: unknown[] = [];
          for (const work of works) results.push(await work(tx));
          return results;
        }),
      (work) => pipelinedTransaction(this.dataSource, (manager) => work(new RunRequestTransaction(manager))),
    );
  }

  /**
   * Pipelined: a submission without an idempotency key is one round trip (begin, outbox row, commit).
   * Under load, requests share transactions (group commit); if one of them fails, each is written again in
   * a transaction of its own, so an error reaches only its own caller.
   */
  transaction<T>(work: (tx: RunRequestTransaction) => Promise<T>): Promise<T> {
    return this.commits.submit(work) as Promise<T>;
  }

  findSubmission(
    orgId: string,
    workflowIdentifier: string,
    idempotencyKey: string,
  ): Promise<SelfServeSubmissionEntity | null> {
    return this.dataSource
      .getRepository(SelfServeSubmissionEntity)
      .findOneBy({ orgId, workflowIdentifier, idempotencyKey });
  }
}
