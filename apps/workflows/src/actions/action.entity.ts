import { Column, Entity, PrimaryColumn } from 'typeorm';

export interface ActionPermissions {
  execute: Record<string, unknown>;
  approve: Record<string, unknown>;
}

/**
 * An action or automation as its author wrote it (Port's v2 JSON) and its permissions. The workflow it
 * runs as (`action:<identifier>`) is stored and versioned like any other workflow.
 */
@Entity({ name: 'actions' })
export class ActionEntity {
  @PrimaryColumn({ name: 'org_id', type: 'text' })
  orgId!: string;

  @PrimaryColumn({ type: 'text' })
  identifier!: string;

  @Column({ type: 'jsonb' })
  definition!: Record<string, unknown>;

  /** `{ execute: {roles, users, teams, …}, approve: {roles, users, teams, …} }`. */
  @Column({ type: 'jsonb' })
  permissions!: ActionPermissions;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
