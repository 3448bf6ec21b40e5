import { addToOutbox, deferWrite, EntitySql, queryBatch } from '@flowline/nest-database';
import { currentTraceParent, withTraceContext } from '@flowline/nest-observability';
import { type EntityManager } from 'typeorm';
import { type QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { AttemptOutcome, NodeDispatch, RunEffect, Transition } from '../engine/run-effects';
import type { RunState } from '../engine/run-state';
import type { ExecutorPresence } from '../messaging/executor-presence';
import type { CommittedTransition } from '../telemetry/run-telemetry';
import { ProcessedMessageEntity } from '../messaging/processed-message.entity';
import { NodeRunTimerEntity } from '../timers/node-run-timer.entity';
import { NodeRunAttemptEntity, NodeRunEntity, NodeRunLogEntity } from './node-run.entity';
import { createdRunView } from './created-run-view';
import { outgoingMessages } from './run-messages';
import { nodeRunChanges, runChanges, toNodeRunRow, toRunRow, toRunState } from './run-state-mapper';
import { RunEntity } from './run.entity';
import type { RunEffectWriter } from './run-effect-writers';
import { RunSlots } from './run-slots';

// TypeORM's partial-entity type cannot follow `Record<string, unknown>` JSON columns.
type Row<T> = QueryDeepPartialEntity<T>;
type AttemptStart = Extract<RunEffect, { kind: 'startAttempt' }>;

/** A run's row and its node runs' rows, as read. */
interface RawRun {
  run: Record<string, unknown> | undefined;
  nodeRuns: Array<Record<string, unknown>>;
}

function runKey(orgId: string, identifier: string): string {
  return `${orgId}/${identifier}`;
}

function attemptKey(attempt: { nodeRunId: string; attempt: number }): string {
  return `${attempt.nodeRunId}:${attempt.attempt}`;
}

/**
 * The writes of one transition, inside one database transaction: the handled message's id, the run's
 * rows, and the messages announcing the change (outbox). Either all of it commits or none of it.
 */
export class RunTransaction {
  /** Concurrency slots and the queue of runs waiting for one. */
  readonly slots: RunSlots;
  /** What this transaction applied, for telemetry once it committed. */
  readonly applied: CommittedTransition[] = [];
  /** Each run's trace (W3C traceparent), as kept with the run: every message about it continues it. */
  private readonly traceParents = new Map<string, string | null>();
  /** Each run as last locked or written in this transaction: the `before` of its next transition. */
  private readonly latest = new Map<string, RunState>();
  /** The run whose transition is being written for a caller that announces the change itself. */
  private announcingCaller: string | null = null;
  /** Runs `lockAhead` locked and read, each until its first `markAndLockRun` takes it. */
  private readonly lockedAhead = new Map<string, RawRun>();

  /**
   * `executors`: whether a backend has an executor consuming its dispatches (absent: say so on the node).
   * `writers`: features that keep their own rows about a transition (e.g. approvals).
   */
  constructor(
    private readonly manager: EntityManager,
    private readonly executors?: Pick<ExecutorPresence, 'isAbsent'>,
    private readonly writers: readonly RunEffectWriter[] = [],
  ) {
    this.slots = new RunSlots(manager);
  }

  /** The transaction itself, for a feature that keeps its own rows beside a run (action runs). */
  get entities(): EntityManager {
    return this.manager;
  }

  /** Records a consumed message's id; false when it was handled before (a replay: do nothing). */
  async markProcessed(orgId: string, messageId: string, topic: string): Promise<boolean> {
    const [inserted] = await queryBatch(this.manager, [this.markStatement(orgId, { id: messageId, topic })]);
    return inserted.length === 1;
  }

  /**
   * Records many consumed messages' ids in one statement; returns those not handled before, as
   * `<messageId>@<topic>` (the others are replays).
   */
  async markAllProcessed(
    messages: Array<{ orgId: string; id: string; topic: string }>,
  ): Promise<Set<string>> {
    if (messages.length === 0) return new Set();
    const inserted = (await this.manager.query(
      `insert into ${this.table(ProcessedMessageEntity)} (org_id, message_id, topic, processed_at)
       select * , now() from unnest($1::text[], $2::text[], $3::text[])
       on conflict do nothing returning message_id, topic`,
      [messages.map((m) => m.orgId), messages.map((m) => m.id), messages.map((m) => m.topic)],
    )) as Array<{ message_id: string; topic: string }>;
    return new Set(inserted.map((row) => `${row.message_id}@${row.topic}`));
  }

  /**
   * Before creating a run: records the message it came from (when given) and looks for a run with its id
   * or run key, in one round trip. `replayed`: the message was handled before (do nothing).
   */
  async markAndFindRun(
    orgId: string,
    identifier: string,
    runKey: string,
    message?: { id: string; topic: string },
  ): Promise<{ replayed: boolean; exists: boolean }> {
    const runs = EntitySql.of(this.manager, RunEntity);
    const rows = await queryBatch(this.manager, [
      ...(message ? [this.markStatement(orgId, message)] : []),
      {
        sql: `select 1 from ${runs.table} where org_id = $1 and (identifier = $2 or run_key = $3) limit 1`,
        parameters: [orgId, identifier, runKey],
      },
    ]);
    return {
      replayed: message !== undefined && rows[0].length === 0,
      exists: rows[rows.length - 1].length > 0,
    };
  }

  /**
   * Loads a run with its node runs, locking the run row until commit: the Kafka consumer, the HTTP PATCH
   * and the timer sweeper all take this lock first, so their transitions of one run never interleave.
   */
  async lockRun(orgId: string, identifier: string): Promise<RunState | null> {
    return (await this.markAndLockRun(orgId, identifier)).state;
  }

  /**
   * `lockRun`, after recording the message the input came from (when given), in one round trip.
   * `replayed`: the message was handled before (do nothing; the lock is released with the transaction).
   */
  async markAndLockRun(
    orgId: string,
    identifier: string,
    message?: { id: string; topic: string },
  ): Promise<{ replayed: boolean; state: RunState | null }> {
    const key = runKey(orgId, identifier);
    const ahead = message ? undefined : this.lockedAhead.get(key);
    // Read once at most: later reads of this run in the transaction ask PostgreSQL, which has its writes.
    this.lockedAhead.delete(key);
    if (ahead) return { replayed: false, state: this.stateOf(identifier, ahead) };
    const runs = EntitySql.of(this.manager, RunEntity);
    const nodeRuns = EntitySql.of(this.manager, NodeRunEntity);
    const answers = await queryBatch(this.manager, [
      ...(message ? [this.markStatement(orgId, message)] : []),
      {
        sql: `select * from ${runs.table} where org_id = $1 and identifier = $2 for update`,
        parameters: [orgId, identifier],
      },
      {
        sql: `select * from ${nodeRuns.table} where org_id = $1 and run_identifier = $2`,
        parameters: [orgId, identifier],
      },
    ]);
    const [run, rows] = answers.slice(-2);
    if (message && answers[0].length === 0) return { replayed: true, state: null };
    return { replayed: false, state: this.stateOf(identifier, { run: run[0], nodeRuns: rows }) };
  }

  /**
   * Locks several runs and reads them with their node runs in one round trip (a batch's inputs to
   * existing runs), in key order so two batches never wait for each other in a cycle. Each run's first
   * `markAndLockRun` without a message then takes it from here instead of asking again. Returns how many
   * runs it locked (none for fewer than two: one run is read as usual).
   */
  async lockAhead(keys: Array<{ orgId: string; runId: string }>): Promise<number> {
    const unique = [...new Map(keys.map((key) => [runKey(key.orgId, key.runId), key])).values()];
    if (unique.length < 2) return 0;
    const runs = EntitySql.of(this.manager, RunEntity);
    const nodeRuns = EntitySql.of(this.manager, NodeRunEntity);
    const parameters = [unique.map((key) => key.orgId), unique.map((key) => key.runId)];
    const [runRows, nodeRunRows] = await queryBatch(this.manager, [
      {
        sql: `select r.* from ${runs.table} r join unnest($1::text[], $2::text[]) as k(org_id, identifier)
                using (org_id, identifier) order by r.org_id, r.identifier for update of r`,
        parameters,
      },
      {
        sql: `select n.* from ${nodeRuns.table} n join unnest($1::text[], $2::text[]) as k(org_id, run_identifier)
                using (org_id, run_identifier)`,
        parameters,
      },
    ]);
    for (const { orgId, runId } of unique) {
      this.lockedAhead.set(runKey(orgId, runId), {
        run: runRows.find((row) => row['org_id'] === orgId && row['identifier'] === runId),
        nodeRuns: nodeRunRows.filter((row) => row['org_id'] === orgId && row['run_identifier'] === runId),
      });
    }
    return unique.length;
  }

  /** A locked run's state from its rows (null: no such run), remembered as the run before its next change. */
  private stateOf(identifier: string, { run, nodeRuns: rows }: RawRun): RunState | null {
    if (!run) return null;
    this.traceParents.set(identifier, (run['trace_parent'] as string | null) ?? null);
    const nodeRuns = EntitySql.of(this.manager, NodeRunEntity);
    const state = toRunState(
      EntitySql.of(this.manager, RunEntity).fromRow(run),
      rows.map((row) => nodeRuns.fromRow(row)),
    );
    this.latest.set(identifier, state);
    return state;
  }

  private markStatement(orgId: string, message: { id: string; topic: string }) {
    return {
      sql: `insert into ${this.table(ProcessedMessageEntity)} (org_id, message_id, topic, processed_at)
       values ($1, $2, $3, now()) on conflict do nothing returning message_id`,
      parameters: [orgId, message.id, message.topic],
    };
  }

  /** Writes `run`'s transitions within `work` as changes its caller announces itself (writers do not). */
  async announcedByCaller<T>(run: string, work: () => Promise<T>): Promise<T> {
    this.announcingCaller = run;
    try {
      return await work();
    } finally {
      this.announcingCaller = null;
    }
  }

  /**
   * Carries out a transition's effects with as few statements as the foreign keys allow: the run, then
   * its new node runs in one insert, updates of what existed before (each row once, with its final state),
   * attempts, logs and timers one insert each, then its messages to the outbox.
   */
  async apply(transition: Transition): Promise<void> {
    if (!transition.applied) return;
    const { state, effects } = transition;
    // Whatever was read ahead of this run is out of date now.
    this.lockedAhead.delete(runKey(state.orgId, state.identifier));
    const nodeRun = (id: string) => {
      const found = state.nodeRuns.find((candidate) => candidate.identifier === id);
      if (!found) throw new Error(`transition names node run ${id}, which the run does not have`);
      return found;
    };
    const created = new Set<string>();
    const updated = new Set<string>();
    let createRun = false;
    let updateRun = false;
    const started: AttemptStart[] = [];
    const completed: AttemptOutcome[] = [];
    const logs: Array<Partial<NodeRunLogEntity>> = [];
    const timers: Array<Partial<NodeRunTimerEntity>> = [];
    const unserved: Array<Partial<NodeRunLogEntity>> = [];
    for (const effect of effects) {
      switch (effect.kind) {
        case 'createRun':
          createRun = true;
          break;
        case 'updateRun':
          updateRun = true;
          break;
        case 'createNodeRun':
          created.add(effect.nodeRunId);
          break;
        case 'updateNodeRun':
          updated.add(effect.nodeRunId);
          break;
        case 'appendLogs':
          for (const line of effect.logs)
            logs.push({
              orgId: state.orgId,
              nodeRunIdentifier: effect.nodeRunId,
              attempt: effect.attempt,
              logLevel: line.logLevel,
              log: line.log,
              tags: line.tags,
              createdAt: line.at,
            });
          break;
        case 'startAttempt':
          started.push(effect);
          break;
        case 'completeAttempt':
          completed.push(effect.outcome);
          break;
        case 'scheduleTimer':
          timers.push({
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
          if (this.executors?.isAbsent(effect.dispatch.backend))
            unserved.push(noExecutorLine(state.orgId, effect.dispatch, state.updatedAt));
          break;
        case 'emitRunEvent':
        case 'openApproval':
        case 'recordDecision':
        case 'closeApproval':
          // Written by the features that own them (RunEffectWriters), after the run's own rows.
          break;
      }
    }
    logs.push(...unserved);
    const runs = EntitySql.of(this.manager, RunEntity);
    const nodeRuns = EntitySql.of(this.manager, NodeRunEntity);
    if (createRun) {
      // The run joins the trace of what started it (the submission's request, the entity change).
      this.traceParents.set(state.identifier, currentTraceParent() ?? null);
      const traceParent = this.traceParentOf(state.identifier);
      await runs.insert(this.manager, [{ ...toRunRow(state), traceParent } as Partial<RunEntity>]);
    } else if (updateRun)
      await runs.update(
        this.manager,
        { orgId: state.orgId, identifier: state.identifier },
        runChanges(state) as Partial<RunEntity>,
      );
    // Rows inserted now already hold their final state.
    if (created.size > 0)
      await nodeRuns.insert(
        this.manager,
        [...created].map((id) => toNodeRunRow(state, nodeRun(id)) as Partial<NodeRunEntity>),
      );
    for (const id of updated) {
      if (created.has(id)) continue;
      await nodeRuns.update(
        this.manager,
        { orgId: state.orgId, identifier: id },
        nodeRunChanges(nodeRun(id)) as Partial<NodeRunEntity>,
      );
    }
    // An attempt that starts and ends in this transition (a trigger, a condition) is written once, ended,
    // and never had a timeout to drop (timers are written after this).
    const startedHere = new Map(started.map((attempt) => [attemptKey(attempt), attempt]));
    const endedHere = new Set(completed.map(attemptKey).filter((key) => startedHere.has(key)));
    const stillRunning = started.filter((attempt) => !endedHere.has(attemptKey(attempt)));
    if (stillRunning.length > 0) await this.startAttempts(state.orgId, stillRunning);
    if (completed.length > 0) {
      await this.completeAttempts(state.orgId, completed, startedHere);
      const endedEarlier = completed.filter((outcome) => !startedHere.has(attemptKey(outcome)));
      if (endedEarlier.length > 0) await this.dropTimeouts(state.orgId, endedEarlier);
    }
    if (logs.length > 0) await EntitySql.of(this.manager, NodeRunLogEntity).insert(this.manager, logs);
    if (timers.length > 0) await EntitySql.of(this.manager, NodeRunTimerEntity).insert(this.manager, timers);
    const origin = {
      // The engine copies the state it is given, so the locked state is still the run before.
      before: createRun ? null : (this.latest.get(state.identifier) ?? null),
      announcedByCaller: this.announcingCaller === state.identifier,
    };
    this.latest.set(state.identifier, state);
    for (const writer of this.writers) await writer.write(this.manager, transition, origin);
    const createdView = createRun ? createdRunView(state, logs, started, completed) : undefined;
    const traceParent = this.traceParentOf(state.identifier);
    const messages = outgoingMessages(state, effects, createdView).map((message) => ({
      ...message,
      headers: withTraceContext(message.headers ?? {}, traceParent),
    }));
    await addToOutbox(this.manager, messages);
    this.applied.push({ transition, traceParent });
  }

  /** The trace a run locked or created in this transaction belongs to (null: a run from before traces). */
  traceParentOf(runIdentifier: string): string | null {
    return this.traceParents.get(runIdentifier) ?? null;
  }

  private async startAttempts(orgId: string, attempts: AttemptStart[]): Promise<void> {
    await EntitySql.of(this.manager, NodeRunAttemptEntity).insert(
      this.manager,
      attempts.map((effect) => ({
        orgId,
        nodeRunIdentifier: effect.nodeRunId,
        attempt: effect.attempt,
        status: 'IN_PROGRESS' as const,
        result: null,
        error: null,
        startedAt: effect.at,
        completedAt: null,
      })),
      { onConflictDoNothing: true },
    );
  }

  /**
   * An attempt that ended no longer needs its timeout: deleting it now spares the sweeper a transaction
   * for a stale timer later (every action node has one, by default an hour out).
   */
  private async dropTimeouts(orgId: string, outcomes: AttemptOutcome[]): Promise<void> {
    const timers = EntitySql.of(this.manager, NodeRunTimerEntity);
    await deferWrite(
      this.manager,
      `delete from ${timers.table} t using unnest($2::text[], $3::int[]) as ended(node_run, attempt)
       where t.org_id = $1 and t.kind = 'TIMEOUT' and t.node_run_identifier = ended.node_run
         and t.attempt = ended.attempt`,
      [orgId, outcomes.map((outcome) => outcome.nodeRunId), outcomes.map((outcome) => outcome.attempt)],
    );
  }

  /**
   * Ends attempts' records; one started in this transition (in `startedHere`), or from before attempts
   * were recorded, gets its row now.
   */
  private async completeAttempts(
    orgId: string,
    outcomes: AttemptOutcome[],
    startedHere: Map<string, AttemptStart>,
  ): Promise<void> {
    // One row per attempt in one statement (an upsert may not touch a row twice): the last outcome wins.
    const last = new Map(outcomes.map((outcome) => [attemptKey(outcome), outcome]));
    await EntitySql.of(this.manager, NodeRunAttemptEntity).insert(
      this.manager,
      [...last.values()].map((outcome) => ({
        orgId,
        nodeRunIdentifier: outcome.nodeRunId,
        attempt: outcome.attempt,
        status: 'COMPLETED' as const,
        result: outcome.result,
        error: outcome.error,
        startedAt: startedHere.get(attemptKey(outcome))?.at ?? outcome.at,
        completedAt: outcome.at,
      })),
      {
        onConflictUpdate: {
          key: ['orgId', 'nodeRunIdentifier', 'attempt'],
          set: ['status', 'result', 'error', 'completedAt'],
        },
      },
    );
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

/** The warning a node dispatched to a backend without a consuming executor gets in its logs. */
function noExecutorLine(orgId: string, dispatch: NodeDispatch, at: Date): Partial<NodeRunLogEntity> {
  return {
    orgId,
    nodeRunIdentifier: dispatch.nodeRunId,
    attempt: dispatch.attempt,
    logLevel: 'WARN',
    log:
      `no ${dispatch.backend} executor is consuming dispatches right now: this node waits until one ` +
      'starts, or until its timeout',
    tags: { backend: dispatch.backend, reason: 'NO_EXECUTOR' },
    createdAt: at,
  };
}
