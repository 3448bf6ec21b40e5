import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * What an action run has beyond its workflow run (Port's run fields with no home in the engine):
 * keyed by the workflow run it is a view of.
 */
@Entity({ name: 'action_run_fields' })
export class ActionRunFieldsEntity {
  @PrimaryColumn({ name: 'org_id', type: 'text' })
  orgId!: string;

  @PrimaryColumn({ name: 'run_identifier', type: 'text' })
  runIdentifier!: string;

  @Column({ name: 'status_label', type: 'text', nullable: true })
  statusLabel!: string | null;

  @Column({ type: 'text', nullable: true })
  summary!: string | null;

  /** Port's `link`: a string or a list of them, as reported. */
  @Column({ type: 'jsonb', nullable: true })
  link!: string | string[] | null;

  /** When a log line with `terminationStatus` ended the run; later lines are refused. */
  @Column({ name: 'terminated_at', type: 'timestamptz', nullable: true })
  terminatedAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** Port's action-run log lines (`POST /v1/actions/runs/{id}/logs`). */
@Entity({ name: 'action_run_logs' })
@Index('IDX_action_run_logs_run', ['orgId', 'runIdentifier', 'createdAt'])
export class ActionRunLogEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  @Column({ name: 'run_identifier', type: 'text' })
  runIdentifier!: string;

  @Column({ type: 'text' })
  message!: string;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
