import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { type Role } from '@flowline/nest-auth';

/** A machine client of one org: exchanges its id and secret for access tokens carrying its roles. */
@Entity({ name: 'api_clients' })
@Index('api_clients_org_id', ['orgId'])
export class ApiClient {
  @PrimaryColumn({ name: 'client_id', type: 'text' })
  clientId!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  /** scrypt hash (see client-secret.ts); the secret itself is never stored. */
  @Column({ name: 'secret_hash', type: 'text' })
  secretHash!: string;

  @Column({ type: 'text', array: true })
  roles!: Role[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
