import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type SealedSecret } from './secret-box';
import { SecretAuditEntry, SecretEntity } from './secret.entity';

/** A secret without its value: all the public API ever shows. */
export interface SecretSummary {
  name: string;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

export type SecretAudit = Pick<
  SecretAuditEntry,
  'orgId' | 'secretName' | 'action' | 'outcome' | 'actorId' | 'actorKind'
>;

interface SummaryRow {
  name: string;
  created_by: string;
  created_at: Date;
  updated_by: string;
  updated_at: Date;
}

/** Org secrets (ciphertext only) and their audit trail. Every query names the org. */
@Injectable()
export class SecretsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates or replaces a secret and records it in the audit trail, atomically. */
  put(
    orgId: string,
    name: string,
    sealed: SealedSecret,
    audit: SecretAudit,
  ): Promise<{ created: boolean; secret: SecretSummary }> {
    return this.dataSource.transaction(async (manager) => {
      const now = new Date();
      const result = await manager
        .createQueryBuilder()
        .insert()
        .into(SecretEntity)
        .values({
          orgId,
          name,
          ...sealed,
          createdBy: audit.actorId,
          createdAt: now,
          updatedBy: audit.actorId,
          updatedAt: now,
        })
        .orUpdate(['ciphertext', 'iv', 'auth_tag', 'updated_by', 'updated_at'], ['org_id', 'name'])
        // xmax is 0 only on a row this statement inserted: tells create from replace without a race.
        .returning('name, created_by, created_at, updated_by, updated_at, (xmax = 0) as inserted')
        .execute();
      const row = (result.raw as Array<SummaryRow & { inserted: boolean }>)[0];
      await this.audit(manager, audit);
      return { created: row.inserted, secret: toSummary(row) };
    });
  }

  /** Deletes a secret for good (values do not linger) and audits the attempt; false if there was none. */
  remove(orgId: string, name: string, audit: Omit<SecretAudit, 'outcome'>): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const result = await manager.getRepository(SecretEntity).delete({ orgId, name });
      const deleted = (result.affected ?? 0) > 0;
      await this.audit(manager, { ...audit, outcome: deleted ? 'ok' : 'not_found' });
      return deleted;
    });
  }

  async list(orgId: string): Promise<SecretSummary[]> {
    const rows = await this.dataSource.getRepository(SecretEntity).find({
      select: { name: true, createdBy: true, createdAt: true, updatedBy: true, updatedAt: true },
      where: { orgId },
      order: { name: 'ASC' },
    });
    return rows.map((row) => ({
      name: row.name,
      createdBy: row.createdBy,
      createdAt: row.createdAt.toISOString(),
      updatedBy: row.updatedBy,
      updatedAt: row.updatedAt.toISOString(),
    }));
  }

  async findSealed(orgId: string, name: string): Promise<SealedSecret | null> {
    const row = await this.dataSource.getRepository(SecretEntity).findOne({
      select: { ciphertext: true, iv: true, authTag: true },
      where: { orgId, name },
    });
    return row ? { ciphertext: row.ciphertext, iv: row.iv, authTag: row.authTag } : null;
  }

  async recordAccess(audit: SecretAudit): Promise<void> {
    await this.audit(this.dataSource.manager, audit);
  }

  private async audit(manager: EntityManager, audit: SecretAudit): Promise<void> {
    await manager.getRepository(SecretAuditEntry).insert(audit);
  }
}

function toSummary(row: SummaryRow): SecretSummary {
  return {
    name: row.name,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
    updatedBy: row.updated_by,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
