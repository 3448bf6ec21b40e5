import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One version of an org's webhook signing secret (the key of `x-port-signature`), sealed like an org
 * secret. The highest version is current; an older one still signs calls until `validUntil`.
 */
@Entity({ name: 'webhook_signing_keys' })
@Check('CHK_webhook_signing_keys_iv', 'octet_length(iv) = 12')
@Check('CHK_webhook_signing_keys_auth_tag', 'octet_length(auth_tag) = 16')
export class SigningKeyEntity {
  @PrimaryColumn({ name: 'org_id', type: 'text' })
  orgId!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

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

  /** Null while the version is current; set when a rotation retires it (the end of its grace period). */
  @Column({ name: 'valid_until', type: 'timestamptz', nullable: true })
  validUntil!: Date | null;
}
