import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { WorkflowEntity, workflowKey } from '../workflows/workflow.entity';

/** Who may run a SELF_SERVE_TRIGGER node; stored as given and returned, enforced later by triggers. */
@Entity({ name: 'workflow_node_permissions' })
export class NodePermissionsEntity {
  @PrimaryColumn({ name: 'org_id', type: 'text' })
  orgId!: string;

  @PrimaryColumn({ name: 'workflow_identifier', type: 'text' })
  workflowIdentifier!: string;

  @PrimaryColumn({ name: 'node_identifier', type: 'text' })
  nodeIdentifier!: string;

  @Column({ type: 'jsonb' })
  permissions!: Record<string, unknown>;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** Declared for the foreign key only; never loaded. */
  @ManyToOne(() => WorkflowEntity)
  @JoinColumn(workflowKey('FK_workflow_node_permissions_workflow'))
  workflow?: WorkflowEntity;
}
