import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Blueprint } from '../blueprints/blueprint.entity';
import { type JsonObject } from '../json-values';
import { type Entity as EntityView, type RelationValue } from './entity.model';

/** An entity row: identifiers are unique per org and blueprint. */
@Entity({ name: 'entities' })
export class CatalogEntity {
  @PrimaryColumn({ name: 'org_id', type: 'text' })
  orgId!: string;

  @PrimaryColumn({ type: 'text' })
  blueprint!: string;

  @PrimaryColumn({ type: 'text' })
  identifier!: string;

  @Column({ type: 'text', nullable: true })
  title!: string | null;

  @Column({ type: 'text', nullable: true })
  icon!: string | null;

  @Column({ type: 'jsonb' })
  team!: string[];

  @Column({ type: 'jsonb' })
  properties!: JsonObject;

  @Column({ type: 'jsonb' })
  relations!: Record<string, RelationValue>;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;

  // Declared so the schema check sees the constraint; a blueprint with entities is never deleted.
  @ManyToOne(() => Blueprint, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'entities_blueprint_fk' },
    { name: 'blueprint', referencedColumnName: 'identifier' },
  ])
  blueprintRow?: Blueprint;
}

/** The row as the API and the change events show it. */
export function entityOf(row: CatalogEntity): EntityView {
  return {
    identifier: row.identifier,
    title: row.title,
    icon: row.icon,
    blueprint: row.blueprint,
    team: row.team,
    properties: row.properties,
    relations: row.relations,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
  };
}
