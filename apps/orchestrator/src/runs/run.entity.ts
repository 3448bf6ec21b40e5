import type { RunResult, NodeRunStatus } from '@flowline/contracts';
import { Check, Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/** The columns of a row that belongs to one run or node run: (org_id, <identifier column>). */
export function runKeyColumns(column: string, foreignKeyConstraintName: string) {
  return [
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName },
    { name: column, referencedColumnName: 'identifier', foreignKeyConstraintName },
  ];
}

/**
 * One workflow run, pinned to the workflow version it started with: the definition snapshot is stored
 * with it, so a later version never changes how a started run goes on. `run_key` makes starting
 * idempotent: one run per key per org.
 */
@Entity({ name: 'runs' })
@Unique('UQ_runs_run_key', ['orgId', 'runKey'])
@Index('IDX_runs_org_created_at', ['orgId', 'createdAt'])
@Index('IDX_runs_org_status_workflow', ['orgId', 'status', 'workflowIdentifier'])
@Index('IDX_runs_queued', ['queued', 'orgId', 'createdAt'])
@Check('CHK_runs_status', `status in ('IN_PROGRESS', 'COMPLETED')`)
@Check('CHK_runs_result', `result is null or result in ('SUCCESS', 'FAILED', 'CANCELLED')`)
export class RunEntity {
  @PrimaryColumn({ name: 'org_id', type: 'text' })
  orgId!: string;

  /** `wfr_…`, chosen by the triggers service. */
  @PrimaryColumn({ type: 'text' })
  identifier!: string;

  @Column({ name: 'run_key', type: 'text' })
  runKey!: string;

  @Column({ name: 'workflow_identifier', type: 'text' })
  workflowIdentifier!: string;

  @Column({ name: 'workflow_version', type: 'integer' })
  workflowVersion!: number;

  @Column({ type: 'text', nullable: true })
  title!: string | null;

  @Column({ type: 'text', nullable: true })
  icon!: string | null;

  /** From the pinned definition (reference §9.5). */
  @Column({ name: 'allow_anyone_to_view_runs', type: 'boolean' })
  allowAnyoneToViewRuns!: boolean;

  /** The pinned definition, canonical form. */
  @Column({ type: 'jsonb' })
  definition!: Record<string, unknown>;

  /** `{ kind, nodeIdentifier, by }`. */
  @Column({ type: 'jsonb' })
  trigger!: Record<string, unknown>;

  @Column({ name: 'chain_depth', type: 'integer' })
  chainDepth!: number;

  @Column({ type: 'text' })
  status!: NodeRunStatus;

  @Column({ type: 'text', nullable: true })
  result!: RunResult | null;

  /** Waiting for a concurrency slot: no node starts until it is dequeued. */
  @Column({ type: 'boolean', default: false })
  queued!: boolean;

  /** A graceful cancel: asked at, by whom; the run ends CANCELLED once its running nodes finish. */
  @Column({ name: 'cancel_requested_at', type: 'timestamptz', nullable: true })
  cancelRequestedAt!: Date | null;

  @Column({ name: 'cancel_requested_by', type: 'text', nullable: true })
  cancelRequestedBy!: string | null;

  /** The run this one re-runs from its trigger (same inputs). */
  @Column({ name: 'rerun_of', type: 'text', nullable: true })
  rerunOf!: string | null;

  /** The failed run this one retries from its failed nodes. */
  @Column({ name: 'retry_of', type: 'text', nullable: true })
  retryOf!: string | null;

  /** `variables.outputs`. */
  @Column({ type: 'jsonb' })
  outputs!: Record<string, unknown>;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  /** The W3C traceparent of the run's trace: timers, retries and PATCHes of this run continue it. */
  @Column({ name: 'trace_parent', type: 'text', nullable: true })
  traceParent!: string | null;
}
