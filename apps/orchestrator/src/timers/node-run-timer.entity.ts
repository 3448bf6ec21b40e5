import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { NodeRunEntity } from '../runs/node-run.entity';
import { runKeyColumns } from '../runs/run.entity';

/**
 * Time as data (DESIGN.md §5): an attempt's timeout or a retry's wait, due at `due_at`. A sweeper picks due
 * rows with FOR UPDATE SKIP LOCKED, so timers survive restarts and replicas share them. A timer is only
 * ever inserted or deleted; one that no longer matches its node run (completed, other attempt) is stale
 * and the engine ignores it.
 */
@Entity({ name: 'node_run_timers' })
@Index('IDX_node_run_timers_due_at', ['dueAt'])
@Index('IDX_node_run_timers_node_run', ['orgId', 'nodeRunIdentifier'])
@Check('CHK_node_run_timers_kind', `kind in ('TIMEOUT', 'RETRY')`)
export class NodeRunTimerEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  @Column({ name: 'run_identifier', type: 'text' })
  runIdentifier!: string;

  @Column({ name: 'node_run_identifier', type: 'text' })
  nodeRunIdentifier!: string;

  @Column({ type: 'text' })
  kind!: 'TIMEOUT' | 'RETRY';

  @Column({ type: 'integer' })
  attempt!: number;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Declared for the foreign key only; never loaded. */
  @ManyToOne(() => NodeRunEntity)
  @JoinColumn(runKeyColumns('node_run_identifier', 'FK_node_run_timers_node_run'))
  nodeRun?: NodeRunEntity;
}
