import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/** One workflow of an org: which version is current, and whether it was (softly) deleted. */
@Entity({ name: 'workflows' })
@Check('CHK_workflows_latest_version', 'latest_version > 0')
export class WorkflowEntity {
  @PrimaryColumn({ name: 'org_id', type: 'text' })
  orgId!: string;

  @PrimaryColumn({ type: 'text' })
  identifier!: string;

  @Column({ name: 'latest_version', type: 'integer' })
  latestVersion!: number;

  @Column({ name: 'is_deleted', type: 'boolean', default: false })
  isDeleted!: boolean;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @Column({ name: 'deleted_by', type: 'text', nullable: true })
  deletedBy!: string | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** The join columns of a row that belongs to one workflow: (org_id, workflow_identifier). */
export function workflowKey(foreignKeyConstraintName: string) {
  return [
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName },
    { name: 'workflow_identifier', referencedColumnName: 'identifier', foreignKeyConstraintName },
  ];
}

/**
 * One saved definition of a workflow, never changed after insert (runs are pinned to it). It keeps the
 * body as the client sent it, so the API answers in the client's own spelling, and the canonical form
 * that the rest of Flowline works with.
 */
@Entity({ name: 'workflow_versions' })
@Check('CHK_workflow_versions_version', 'version > 0')
export class WorkflowVersionEntity {
  @PrimaryColumn({ name: 'org_id', type: 'text' })
  orgId!: string;

  @PrimaryColumn({ name: 'workflow_identifier', type: 'text' })
  workflowIdentifier!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  /** The canonical form (normalizeWorkflow's output). */
  @Column({ type: 'jsonb' })
  definition!: Record<string, unknown>;

  /** What the client sent, minus server-owned fields (`json` keeps its key order). */
  @Column({ type: 'json' })
  submitted!: Record<string, unknown>;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Declared for the foreign key only; never loaded. */
  @ManyToOne(() => WorkflowEntity)
  @JoinColumn(workflowKey('FK_workflow_versions_workflow'))
  workflow?: WorkflowEntity;
}
