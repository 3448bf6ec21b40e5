import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A message waiting to be published. Written in the same transaction as the state change it announces,
 * published by the OutboxRelay after commit, deleted once the broker acknowledged it.
 */
@Entity({ name: 'outbox' })
export class OutboxEntry {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  seq!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ name: 'message_key', type: 'text' })
  key!: string;

  /** The message; null is a tombstone (deletes the key from a compacted topic). */
  @Column({ type: 'jsonb', nullable: true })
  value!: object | null;

  @Column({ type: 'jsonb' })
  headers!: Record<string, string>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** The outbox table, for each service's first migration (the table lives in the service's schema). */
export function outboxTableSql(schema: string): { up: string[]; down: string[] } {
  const table = `"${schema}"."outbox"`;
  return {
    up: [
      `create table ${table} (
        seq bigserial primary key,
        org_id text not null,
        topic text not null,
        message_key text not null,
        value jsonb,
        headers jsonb not null,
        created_at timestamptz not null default now()
      )`,
    ],
    down: [`drop table ${table}`],
  };
}
