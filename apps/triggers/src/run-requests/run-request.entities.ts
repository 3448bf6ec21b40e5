import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A self-service submission that came with an Idempotency-Key, and the run it requested. */
@Entity({ name: 'self_serve_submissions' })
export class SelfServeSubmissionEntity {
  @PrimaryColumn({ name: 'org_id', type: 'text' })
  orgId!: string;

  @PrimaryColumn({ name: 'workflow_identifier', type: 'text' })
  workflowIdentifier!: string;

  @PrimaryColumn({ name: 'idempotency_key', type: 'text' })
  idempotencyKey!: string;

  @Column({ name: 'run_id', type: 'text' })
  runId!: string;

  @Column({ name: 'run_key', type: 'text' })
  runKey!: string;

  /** Hash of who submitted what: a key reused for another submission is refused, not replayed. */
  @Column({ name: 'request_fingerprint', type: 'text' })
  requestFingerprint!: string;

  @Column({ name: 'workflow_version', type: 'integer' })
  workflowVersion!: number;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** A run an entity-change event requested: at most one per (org, run key = event + workflow). */
@Entity({ name: 'event_runs' })
export class EventRunEntity {
  @PrimaryColumn({ name: 'org_id', type: 'text' })
  orgId!: string;

  @PrimaryColumn({ name: 'run_key', type: 'text' })
  runKey!: string;

  @Column({ name: 'run_id', type: 'text' })
  runId!: string;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'workflow_identifier', type: 'text' })
  workflowIdentifier!: string;

  @Column({ name: 'workflow_version', type: 'integer' })
  workflowVersion!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
