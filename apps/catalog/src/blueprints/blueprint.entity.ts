import { Column, Entity, PrimaryColumn } from 'typeorm';
import { type PropertySchema, type RelationDefinition } from './blueprint.model';

/** A blueprint row: identifiers are unique per org. */
@Entity({ name: 'blueprints' })
export class Blueprint {
  @PrimaryColumn({ name: 'org_id', type: 'text' })
  orgId!: string;

  @PrimaryColumn({ type: 'text' })
  identifier!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  icon!: string | null;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'jsonb' })
  schema!: { properties: Record<string, PropertySchema>; required: string[] };

  @Column({ type: 'jsonb' })
  relations!: Record<string, RelationDefinition>;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;
}
