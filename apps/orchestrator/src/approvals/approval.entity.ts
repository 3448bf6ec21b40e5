import type { RunResult } from '@flowline/contracts';
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
import { NodeRunEntity } from '../runs/node-run.entity';
import { runKeyColumns } from '../runs/run.entity';

export type ApprovalStatus = 'PENDING' | 'DECIDED' | 'CANCELLED';

/**
 * One approval (an INPUT node run), from the moment the run reaches it: who may decide, the quorum, and
 * how it ended. Pending approvals are found here without reading runs.
 */
@Entity({ name: 'approvals' })
@Index('IDX_approvals_org_status', ['orgId', 'status', 'createdAt'])
@Check('CHK_approvals_status', `status in ('PENDING', 'DECIDED', 'CANCELLED')`)
@Check('CHK_approvals_outcome', `outcome is null or outcome in ('APPROVE', 'DECLINE', 'TIMEOUT')`)
export class ApprovalEntity {
  @PrimaryColumn({ name: 'org_id', type: 'text' })
  orgId!: string;

  @PrimaryColumn({ name: 'node_run_identifier', type: 'text' })
  nodeRunIdentifier!: string;

  @Column({ name: 'run_identifier', type: 'text' })
  runIdentifier!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** `{ users, roles, teams }` */
  @Column({ type: 'jsonb' })
  approvers!: { users: string[]; roles: string[]; teams: string[] };

  /** `"ANY"`, `"ALL"` or `{ count }` */
  @Column({ type: 'jsonb' })
  quorum!: unknown;

  @Column({ type: 'text' })
  status!: ApprovalStatus;

  @Column({ type: 'text', nullable: true })
  outcome!: 'APPROVE' | 'DECLINE' | 'TIMEOUT' | null;

  /** How the node run ended (a cancelled run cancels its approval). */
  @Column({ type: 'text', nullable: true })
  result!: RunResult | null;

  @Column({ name: 'timeout_at', type: 'timestamptz', nullable: true })
  timeoutAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  /** Declared for the foreign key only; never loaded. */
  @ManyToOne(() => NodeRunEntity)
  @JoinColumn(runKeyColumns('node_run_identifier', 'FK_approvals_node_run'))
  nodeRun?: NodeRunEntity;
}

/** One approver's decision: the unique constraint counts each approver once per approval. */
@Entity({ name: 'approval_decisions' })
@Unique('UQ_approval_decisions_approver', ['orgId', 'nodeRunIdentifier', 'userId'])
@Check('CHK_approval_decisions_decision', `decision in ('APPROVE', 'DECLINE')`)
export class ApprovalDecisionEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  @Column({ name: 'node_run_identifier', type: 'text' })
  nodeRunIdentifier!: string;

  @Column({ name: 'user_id', type: 'text' })
  userId!: string;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text' })
  decision!: 'APPROVE' | 'DECLINE';

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz' })
  decidedAt!: Date;

  /** Declared for the foreign key only; never loaded. */
  @ManyToOne(() => ApprovalEntity)
  @JoinColumn([
    {
      name: 'org_id',
      referencedColumnName: 'orgId',
      foreignKeyConstraintName: 'FK_approval_decisions_approval',
    },
    {
      name: 'node_run_identifier',
      referencedColumnName: 'nodeRunIdentifier',
      foreignKeyConstraintName: 'FK_approval_decisions_approval',
    },
  ])
  approval?: ApprovalEntity;
}
