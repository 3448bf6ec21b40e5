import { Inject, Injectable } from '@nestjs/common';
import { type Context, context } from '@opentelemetry/api';
import { traceContextOf } from '@flowline/nest-observability';
import { RunAdmission } from '../concurrency/run-admission';
import type { IgnoredReason, Transition } from '../engine/run-effects';
import { RunEngine, type ExistingRunInput, type RunInput } from '../engine/run-engine';
import type { RunState } from '../engine/run-state';
import type { OrchestratorConfig } from '../orchestrator.config';
import { GroupCommit } from '@flowline/nest-database';
import { RunRepository } from './run.repository';
import type { RunTransaction } from './run-transaction';

export interface RunWorkOptions {
  /** The consumed message this input came from: it is applied at most once per message id. */
  message?: { id: string; topic: string };
  /** Runs under the run's lock before the engine (who may touch the run); throws to refuse. */
  check?: (state: RunState) => void;
  /** More writes in the same transaction, once the input changed the run. */
  alsoWrite?: (tx: RunTransaction, transition: Transition & { applied: true }) => Promise<void>;
  /** The caller publishes its own event about the change (in `alsoWrite`): features announce nothing. */
  announcesChange?: boolean;
}

interface RunWorkItem {
  orgId: string;
  runId: string;
  input: RunInput;
  options: RunWorkOptions;
  /** The caller's trace context: a batch applies each input in its own caller's trace. */
  trace: Context;
}

export type RunWorkResult =
  | { outcome: 'applied'; transition: Transition & { applied: true } }
  /** The engine changed nothing (late, duplicate or stale input), with its reason. */
  | { outcome: 'ignored'; reason: IgnoredReason; state: RunState }
  /** The message was handled before. */
  | { outcome: 'replayed-message' }
  | { outcome: 'unknown-run' }
  /** A start whose run (id or run key) exists already. */
  | { outcome: 'run-exists' };

/**
 * The one unit of work that applies any input to a run: in one transaction, record the message (if any),
 * lock the run, apply the engine, write the transition and its outbox messages, and start queued runs a
 * finished run made room for. The outbox is published right after commit (OutboxRelay). Every writer of
 * run state goes through here. Under load, inputs of different runs share a transaction (group commit).
 */
@Injectable()
export class RunWork {
  private readonly commits: GroupCommit<RunWorkItem, RunWorkResult>;
  private runsLockedAhead = 0;

  constructor(
    private readonly runs: RunRepository,
    private readonly engine: RunEngine,
    private readonly admission: RunAdmission,
    @Inject('SERVICE_CONFIG')
    config: Pick<OrchestratorConfig, 'RUN_WORK_BATCH_SIZE' | 'RUN_WORK_TRANSACTIONS' | 'DATABASE_POOL_SIZE'>,
  ) {
    this.commits = new GroupCommit(
      {
        maxBatch: config.RUN_WORK_BATCH_SIZE,
        maxTransactions: Math.min(config.RUN_WORK_TRANSACTIONS, config.DATABASE_POOL_SIZE),
      },
      (items) => this.runs.transaction((tx) => this.applyAllIn(tx, items)),
      (item) =>
        this.runs.transaction((tx) =>
          context.with(item.trace, () => this.applyIn(tx, item.orgId, item.runId, item.input, item.options)),
        ),
    );
  }

  /** How many inputs shared transactions so far (group commit), and how many runs batches locked ahead. */
  get batchStats(): Readonly<GroupCommit<RunWorkItem, RunWorkResult>['stats'] & { runsLockedAhead: number }> {
    return { ...this.commits.stats, runsLockedAhead: this.runsLockedAhead };
  }

  apply(orgId: string, runId: string, input: RunInput, options: RunWorkOptions = {}): Promise<RunWorkResult> {
    return this.commits.submit({ orgId, runId, input, options, trace: context.active() });
  }

  /**
   * Inputs one after the other in one transaction (the runs differ, or each sees the one before), their
   * messages' ids recorded in one statement first, and the existing runs they change locked and read in
   * one round trip.
   */
  private async applyAllIn(tx: RunTransaction, items: RunWorkItem[]): Promise<RunWorkResult[]> {
    const fresh = await tx.markAllProcessed(
      items.flatMap(({ orgId, options: { message } }) => (message ? [{ orgId, ...message }] : [])),
    );
    this.runsLockedAhead += await tx.lockAhead(
      items.flatMap(({ orgId, runId, input }) => (input.kind === 'start' ? [] : [{ orgId, runId }])),
    );
    const results: RunWorkResult[] = [];
    for (const { orgId, runId, input, options, trace } of items) {
      const { message, ...rest } = options;
      // A message delivered twice within one batch is applied once.
      if (message && !fresh.delete(`${message.id}@${message.topic}`)) {
        results.push({ outcome: 'replayed-message' });
        continue;
      }
      results.push(await context.with(trace, () => this.applyIn(tx, orgId, runId, input, rest)));
    }
    return results;
  }

  /** The same, inside a transaction the caller holds (e.g. with a timer it picked). */
  async applyIn(
    tx: RunTransaction,
    orgId: string,
    runId: string,
    input: RunInput,
    options: RunWorkOptions = {},
  ): Promise<RunWorkResult> {
    const { message } = options;
    if (input.kind === 'start') {
      const found = await tx.markAndFindRun(orgId, runId, input.request.runKey, message);
      if (found.replayed) return { outcome: 'replayed-message' };
      if (found.exists) return { outcome: 'run-exists' };
      const transition = await this.admission.launch(
        tx,
        input.request,
        input.workflowIdentifier,
        input.options,
      );
      return this.written(tx, transition, options);
    }
    const { replayed, state } = await tx.markAndLockRun(orgId, runId, message);
    if (replayed) return { outcome: 'replayed-message' };
    if (!state) return { outcome: 'unknown-run' };
    // Work on a run joins its trace, whatever brought it (a timer, a PATCH): its log lines carry that trace id.
    const runTrace = traceContextOf(tx.traceParentOf(runId));
    if (!runTrace) return this.applyToLocked(tx, state, input, options);
    return context.with(runTrace, () => this.applyToLocked(tx, state, input, options));
  }

  private async applyToLocked(
    tx: RunTransaction,
    state: RunState,
    input: ExistingRunInput,
    options: RunWorkOptions,
  ): Promise<RunWorkResult> {
    options.check?.(state);
    const transition = await this.engine.apply(state, input);
    if (!transition.applied) return { outcome: 'ignored', reason: transition.ignored, state };
    const write = () => this.admission.apply(tx, state, transition);
    await (options.announcesChange ? tx.announcedByCaller(state.identifier, write) : write());
    return this.written(tx, transition, options);
  }

  private async written(
    tx: RunTransaction,
    transition: Transition,
    options: RunWorkOptions,
  ): Promise<RunWorkResult> {
    if (!transition.applied)
      return { outcome: 'ignored', reason: transition.ignored, state: transition.state };
    await options.alsoWrite?.(tx, transition);
    return { outcome: 'applied', transition };
  }
}
