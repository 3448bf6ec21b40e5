import type { LogLevel, NodeRunStatus, RunResult } from '@flowline/contracts';
import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import type { ApprovalState } from '../engine/approval';
import { RunEntity, runKeyColumns } from './run.entity';

/** One execution of one node in a run; a retry is a new attempt of the same node run. */
@Entity({ name: 'node_runs' })
@Unique('UQ_node_runs_node', ['orgId', 'runIdentifier', 'nodeIdentifier'])
@Index('IDX_node_runs_installation', ['orgId', 'installationId', 'createdAt'], {
  where: 'installation_id is not null',
})
@Check('CHK_node_runs_status', `status in ('IN_PROGRESS', 'COMPLETED')`)
@Check('CHK_node_runs_result', `result is null or result in ('SUCCESS', 'FAILED', 'CANCELLED')`)
export class NodeRunEntity {
  @PrimaryColumn({ name: 'org_id', type: 'text' })
  orgId!: string;

  /** `wfnr_…` */
  @PrimaryColumn({ type: 'text' })
  identifier!: string;

  @Column({ name: 'run_identifier', type: 'text' })
  runIdentifier!: string;

  @Column({ name: 'node_identifier', type: 'text' })
  nodeIdentifier!: string;

  @Column({ name: 'node_type', type: 'text' })
  nodeType!: string;

  @Column({ name: 'node_title', type: 'text', nullable: true })
  nodeTitle!: string | null;

  @Column({ name: 'node_icon', type: 'text', nullable: true })
  nodeIcon!: string | null;

  /** Creation order within the run. */
  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'text' })
  status!: NodeRunStatus;

  @Column({ type: 'text', nullable: true })
  result!: RunResult | null;

  @Column({ type: 'integer' })
  attempt!: number;

  @Column({ name: 'retry_due_at', type: 'timestamptz', nullable: true })
  retryDueAt!: Date | null;

  @Column({ name: 'raw_output', type: 'jsonb' })
  rawOutput!: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  output!: Record<string, unknown>;

  /** CONDITION node runs: the option that matched (null: none did). */
  @Column({ name: 'selected_option', type: 'text', nullable: true })
  selectedOption!: string | null;

  /** Pull workers: the installation whose worker claims this node run. */
  @Column({ name: 'installation_id', type: 'text', nullable: true })
  installationId!: string | null;

  @Column({ name: 'claim_config', type: 'jsonb', nullable: true })
  claimConfig!: Record<string, unknown> | null;

  /** INPUT node runs: approvers, quorum and decisions so far (the engine's state of the approval). */
  @Column({ type: 'jsonb', nullable: true })
  approval!: ApprovalState | null;

  /** Hidden from claims until then (visibility timeout). */
  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true })
  claimedUntil!: Date | null;

  @Column({ name: 'acked_at', type: 'timestamptz', nullable: true })
  ackedAt!: Date | null;

  @Column({ name: 'external_run_id', type: 'text', nullable: true })
  externalRunId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  links!: string[] | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  /** Declared for the foreign key only; never loaded. */
  @ManyToOne(() => RunEntity)
  @JoinColumn(runKeyColumns('run_identifier', 'FK_node_runs_run'))
  run?: RunEntity;
}

/** One line of a node run's log (reference §9.2 `nodeRunLogs`); append-only. */
@Entity({ name: 'node_run_logs' })
@Index('IDX_node_run_logs_node_run', ['orgId', 'nodeRunIdentifier', 'id'])
export class NodeRunLogEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  @Column({ name: 'node_run_identifier', type: 'text' })
  nodeRunIdentifier!: string;

  @Column({ name: 'log_level', type: 'text' })
  logLevel!: LogLevel;

  @Column({ type: 'text' })
  log!: string;

  @Column({ type: 'jsonb' })
  tags!: Record<string, string>;

  /** The attempt the line is about (null on lines written before attempts were recorded). */
  @Column({ type: 'integer', nullable: true })
  attempt!: number | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Declared for the foreign key only; never loaded. */
  @ManyToOne(() => NodeRunEntity)
  @JoinColumn(runKeyColumns('node_run_identifier', 'FK_node_run_logs_node_run'))
  nodeRun?: NodeRunEntity;
}

/** One attempt of a node run: a retry is a new attempt of the same node run, with its own record and logs. */
@Entity({ name: 'node_run_attempts' })
@Check('CHK_node_run_attempts_status', `status in ('IN_PROGRESS', 'COMPLETED')`)
@Check('CHK_node_run_attempts_result', `result is null or result in ('SUCCESS', 'FAILED', 'CANCELLED')`)
export class NodeRunAttemptEntity {
  @PrimaryColumn({ name: 'org_id', type: 'text' })
  orgId!: string;

  @PrimaryColumn({ name: 'node_run_identifier', type: 'text' })
  nodeRunIdentifier!: string;

  /** 1-based. */
  @PrimaryColumn({ type: 'integer' })
  attempt!: number;

  @Column({ type: 'text' })
  status!: NodeRunStatus;

  @Column({ type: 'text', nullable: true })
  result!: RunResult | null;

  /** Why the attempt did not succeed. */
  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  /** Declared for the foreign key only; never loaded. */
  @ManyToOne(() => NodeRunEntity)
  @JoinColumn(runKeyColumns('node_run_identifier', 'FK_node_run_attempts_node_run'))
  nodeRun?: NodeRunEntity;
}
