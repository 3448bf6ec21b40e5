import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const DISPATCHED_RUN_STATUSES = ['WAITING', 'COMPLETED', 'UNTRACKED'] as const;
/**
 * WAITING: the node run follows the GitHub run and is still in progress. COMPLETED: its result was
 * reported (once). UNTRACKED: dispatched without status reporting; kept so a redelivered dispatch is
 * not dispatched again.
 */
export type DispatchedRunStatus = (typeof DISPATCHED_RUN_STATUSES)[number];

/**
 * One `workflow_dispatch` made for one attempt of a node run, and the GitHub run it started: the
 * executor's memory of which node run a GitHub run belongs to. `next_poll_at` makes the status poll
 * durable: a sweeper picks due rows with FOR UPDATE SKIP LOCKED, so polling survives restarts.
 */
@Entity({ name: 'dispatched_runs' })
@Index('UQ_dispatched_runs_github_run', ['githubRunId'], { unique: true })
@Index('IDX_dispatched_runs_due', ['status', 'nextPollAt'])
@Check('CHK_dispatched_runs_status', `status in ('WAITING', 'COMPLETED', 'UNTRACKED')`)
export class DispatchedRunEntity {
  @PrimaryColumn({ name: 'org_id', type: 'text' })
  orgId!: string;

  @PrimaryColumn({ name: 'node_run_id', type: 'text' })
  nodeRunId!: string;

  @PrimaryColumn({ type: 'integer' })
  attempt!: number;

  /** The Flowline run (`wfr_…`): the key of the node's result message. */
  @Column({ name: 'run_id', type: 'text' })
  runId!: string;

  @Column({ type: 'text' })
  owner!: string;

  @Column({ type: 'text' })
  repo!: string;

  @Column({ type: 'text' })
  workflow!: string;

  @Column({ type: 'text' })
  ref!: string;

  @Column({ name: 'installation_id', type: 'bigint' })
  installationId!: string;

  /** GitHub's run id; null until the run is identified. Unique: a GitHub run belongs to one node run. */
  @Column({ name: 'github_run_id', type: 'bigint', nullable: true })
  githubRunId!: string | null;

  @Column({ name: 'run_url', type: 'text', nullable: true })
  runUrl!: string | null;

  @Column({ type: 'text' })
  status!: DispatchedRunStatus;

  @Column({ type: 'text', nullable: true })
  conclusion!: string | null;

  @Column({ name: 'dispatched_at', type: 'timestamptz' })
  dispatchedAt!: Date;

  /** When to ask GitHub for the run's status, unless a webhook completes it first. */
  @Column({ name: 'next_poll_at', type: 'timestamptz', nullable: true })
  nextPollAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
