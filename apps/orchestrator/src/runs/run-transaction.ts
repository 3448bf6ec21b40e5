import { addToOutbox } from '@flowline/nest-database';
import { type EntityManager } from 'typeorm';
import { type QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { AttemptOutcome, Transition } from '../engine/run-effects';
import type { RunState } from '../engine/run-state';
import { ProcessedMessageEntity } from '../messaging/processed-message.entity';
import { NodeRunTimerEntity } from '../timers/node-run-timer.entity';
import { NodeRunAttemptEntity, NodeRunEntity, NodeRunLogEntity } from './node-run.entity';
import { outgoingMessages } from './run-messages';
import { nodeRunChanges, runChanges, toNodeRunRow, toRunRow, toRunState } from './run-state-mapper';
import { RunEntity } from './run.entity';
import { RunSlots } from './run-slots';

// TypeORM's partial-entity type cannot follow `Record<string, unknown>` JSON columns.
type Row<T> = QueryDeepPartialEntity<T>;

/**
 * The writes of one transition, inside one database transaction: the handled message's id, the run's
 * rows, and the messages announcing the change (outbox). Either all of it commits or none of it.
 */
export class RunTransaction {
  /** Concurrency slots and the queue of runs waiting for one. */
  readonly slots: RunSlots;

  constructor(private readonly manager: EntityManager) {
    this.slots = new RunSlots(manager);
  }

  /** Records a consumed message's id; false when it was handled before (a replay: do nothing). */
  async markProcessed(orgId: string, messageId: string, topic: string): Promise<boolean> {
    const inserted: unknown[] = await this.manager.query(
      `insert into ${this.table(ProcessedMessageEntity)} (org_id, message_id, topic, processed_at)
       values ($1, $2, $3, now()) on conflict do nothing returning message_id`,
      [orgId, messageId, topic],
    );
    return inserted.length === 1;
  }

  async runExists(orgId: string, identifier: string, runKey: string): Promise<boolean> {
    const found = await this.manager
      .getRepository(RunEntity)
      .createQueryBuilder('r')
      .select('r.identifier')
      .where('r.orgId = :orgId and (r.identifier = :identifier or r.runKey = :runKey)', {
        orgId,
        identifier,
        runKey,
      })
      .getOne();
    return found !== null;
  }

  /**
   * Loads a run with its node runs, locking the run row until commit: the Kafka consumer, the HTTP PATCH
   * and the timer sweeper all take this lock first, so their transitions of one run never interleave.
   */
  async lockRun(orgId: string, identifier: string): Promise<RunState | null> {
    const run = await this.manager
      .getRepository(RunEntity)
      .createQueryBuilder('r')
      .where('r.orgId = :orgId and r.identifier = :identifier', { orgId, identifier })
      .setLock('pessimistic_write')
      .getOne();
    if (!run) return null;
    const nodeRuns = await this.manager
      .getRepository(NodeRunEntity)
      .findBy({ orgId, runIdentifier: identifier });
    return toRunState(run, nodeRuns);
  }

  /** Carries out a transition's effects: rows first (in effect order), then its messages to the outbox. */
  async apply(transition: Transition): Promise<void> {
    if (!transition.applied) return;
    const { state, effects } = transition;
    const nodeRun = (id: string) => {
      const found = state.nodeRuns.find((candidate) => candidate.identifier === id);
      if (!found) throw new Error(`transition names node run ${id}, which the run does not have`);
      return found;
    };
    for (const effect of effects) {
      switch (effect.kind) {
        case 'createRun':
          await this.manager.getRepository(RunEntity).insert(toRunRow(state) as Row<RunEntity>);
          break;
        case 'updateRun':
          await this.manager
            .getRepository(RunEntity)
            .update(
              { orgId: state.orgId, identifier: state.identifier },
              runChanges(state) as Row<RunEntity>,
            );
          break;
        case 'createNodeRun':
          await this.manager
            .getRepository(NodeRunEntity)
            .insert(toNodeRunRow(state, nodeRun(effect.nodeRunId)) as Row<NodeRunEntity>);
          break;
        case 'updateNodeRun':
          await this.manager
            .getRepository(NodeRunEntity)
            .update(
              { orgId: state.orgId, identifier: effect.nodeRunId },
              nodeRunChanges(nodeRun(effect.nodeRunId)) as Row<NodeRunEntity>,
            );
          break;
        case 'appendLogs':
          await this.manager.getRepository(NodeRunLogEntity).insert(
            effect.logs.map((line) => ({
              orgId: state.orgId,
              nodeRunIdentifier: effect.nodeRunId,
              attempt: effect.attempt,
              logLevel: line.logLevel,
              log: line.log,
              tags: line.tags,
              createdAt: line.at,
            })),
          );
          break;
        case 'startAttempt':
          await this.manager
            .createQueryBuilder()
            .insert()
            .into(NodeRunAttemptEntity)
            .values({
              orgId: state.orgId,
              nodeRunIdentifier: effect.nodeRunId,
              attempt: effect.attempt,
              status: 'IN_PROGRESS',
              result: null,
              error: null,
              startedAt: effect.at,
              completedAt: null,
            })
            .orIgnore()
            .execute();
          break;
        case 'completeAttempt':
          await this.completeAttempt(state.orgId, effect.outcome);
          break;
        case 'scheduleTimer':
          await this.manager.getRepository(NodeRunTimerEntity).insert({
            orgId: state.orgId,
            runIdentifier: state.identifier,
            nodeRunIdentifier: effect.timer.nodeRunId,
            kind: effect.timer.kind,
            attempt: effect.timer.attempt,
            dueAt: effect.timer.dueAt,
            createdAt: state.updatedAt,
          });
          break;
        case 'dispatchNode':
        case 'emitRunEvent':
          break;
      }
    }
    await addToOutbox(this.manager, outgoingMessages(state, effects));
  }

  /** Ends an attempt's record; an attempt from before attempts were recorded gets one now. */
  private async completeAttempt(orgId: string, outcome: AttemptOutcome): Promise<void> {
    await this.manager
      .createQueryBuilder()
      .insert()
      .into(NodeRunAttemptEntity)
      .values({
        orgId,
        nodeRunIdentifier: outcome.nodeRunId,
        attempt: outcome.attempt,
        status: 'COMPLETED',
        result: outcome.result,
        error: outcome.error,
        startedAt: outcome.at,
        completedAt: outcome.at,
      })
      .orUpdate(['status', 'result', 'error', 'completed_at'], ['org_id', 'node_run_identifier', 'attempt'])
      .execute();
  }

  /** What an external system says about its own work (PATCH extras): kept on the node run as given. */
  async setExternalReferences(
    orgId: string,
    nodeRunIdentifier: string,
    references: { externalRunId?: string; links?: string[] },
  ): Promise<void> {
    const changes: Row<NodeRunEntity> = {};
    if (references.externalRunId !== undefined) changes.externalRunId = references.externalRunId;
    if (references.links !== undefined) changes.links = references.links;
    if (Object.keys(changes).length === 0) return;
    await this.manager.getRepository(NodeRunEntity).update({ orgId, identifier: nodeRunIdentifier }, changes);
  }

  /**
   * The next due timer, locked (SKIP LOCKED: replicas take different ones). The sweeper then locks the
   * timer's run; consumers never lock timer rows (they only insert them), so the two cannot deadlock.
   */
  async pickDueTimer(): Promise<NodeRunTimerEntity | null> {
    return this.manager
      .getRepository(NodeRunTimerEntity)
      .createQueryBuilder('t')
      .where('t.dueAt <= now()')
      .orderBy('t.dueAt', 'ASC')
      .limit(1)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getOne();
  }

  async deleteTimer(timer: NodeRunTimerEntity): Promise<void> {
    await this.manager.getRepository(NodeRunTimerEntity).delete({ id: timer.id, orgId: timer.orgId });
  }

  private table(entity: new () => unknown): string {
    const metadata = this.manager.connection.getMetadata(entity);
    return `"${metadata.schema}"."${metadata.tableName}"`;
  }
}
