import { Check, Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** An org secret. The value exists here only as AES-256-GCM ciphertext (see SecretBox). */
@Entity({ name: 'secrets' })
@Check('CHK_secrets_iv', 'octet_length(iv) = 12')
@Check('CHK_secrets_auth_tag', 'octet_length(auth_tag) = 16')
export class SecretEntity {
  @PrimaryColumn({ name: 'org_id', type: 'text' })
  orgId!: string;

  @PrimaryColumn({ type: 'text' })
  name!: string;

  @Column({ type: 'bytea' })
  ciphertext!: Buffer;

  @Column({ type: 'bytea' })
  iv!: Buffer;

  @Column({ name: 'auth_tag', type: 'bytea' })
  authTag!: Buffer;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

export type SecretAuditAction = 'resolve' | 'put' | 'delete';
export type SecretAuditOutcome = 'ok' | 'not_found' | 'decryption_failed';

/** Who touched which secret, when, and how it went; never the value. */
@Entity({ name: 'secret_audit_log' })
@Index('IDX_secret_audit_log_org_at', ['orgId', 'at'])
export class SecretAuditEntry {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  @Column({ name: 'secret_name', type: 'text' })
  secretName!: string;

  @Column({ type: 'text' })
  action!: SecretAuditAction;

  @Column({ type: 'text' })
  outcome!: SecretAuditOutcome;

  @Column({ name: 'actor_id', type: 'text' })
  actorId!: string;

  @Column({ name: 'actor_kind', type: 'text' })
  actorKind!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;
}
