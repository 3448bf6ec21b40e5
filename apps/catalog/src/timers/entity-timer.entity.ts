import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CatalogEntity } from '../entities/catalog-entity.entity';

/**
 * A timer property of an entity, due at `due_at`. The sweeper claims due rows with SKIP LOCKED and sets
 * `fired_at` in the transaction that writes the TIMER_EXPIRED event, so each expiry fires exactly once.
 */
@Entity({ name: 'entity_timers' })
@Index('entity_timers_due', ['dueAt'], { where: 'fired_at IS NULL' })
export class EntityTimer {
  @PrimaryColumn({ name: 'org_id', type: 'text' })
  orgId!: string;

  @PrimaryColumn({ type: 'text' })
  blueprint!: string;

  @PrimaryColumn({ type: 'text' })
  entity!: string;

  @PrimaryColumn({ type: 'text' })
  property!: string;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ name: 'fired_at', type: 'timestamptz', nullable: true })
  firedAt!: Date | null;

  // Deleting the entity deletes its timers.
  @ManyToOne(() => CatalogEntity, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'entity_timers_entity_fk' },
    { name: 'blueprint', referencedColumnName: 'blueprint' },
    { name: 'entity', referencedColumnName: 'identifier' },
  ])
  entityRow?: CatalogEntity;
}
