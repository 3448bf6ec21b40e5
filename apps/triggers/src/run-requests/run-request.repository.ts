import { Injectable } from '@nestjs/common';
import { addToOutbox, type OutboxMessage, pipelinedTransaction } from '@flowline/nest-database';
import { DataSource, type EntityManager } from 'typeorm';
import { EventRunEntity, SelfServeSubmissionEntity } from './run-request.entities';

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
  constructor(private readonly dataSource: DataSource) {}

  /** Pipelined: a submission without an idempotency key is one round trip (begin, outbox row, commit). */
  transaction<T>(work: (tx: RunRequestTransaction) => Promise<T>): Promise<T> {
    return pipelinedTransaction(this.dataSource, (manager) => work(new RunRequestTransaction(manager)));
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
