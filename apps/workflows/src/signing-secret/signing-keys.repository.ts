import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type SealedSecret } from '../secrets/secret-box';
import { SigningKeyEntity } from './signing-key.entity';

export interface StoredSigningKey {
  version: number;
  sealed: SealedSecret;
  createdBy: string;
  createdAt: Date;
  validUntil: Date | null;
}

/** The versions of an org's webhook signing secret. Every query names the org. */
@Injectable()
export class SigningKeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The current version and every retired one still in its grace period at `now`, newest first. */
  async validKeys(orgId: string, now: Date): Promise<StoredSigningKey[]> {
    const rows = await this.dataSource
      .getRepository(SigningKeyEntity)
      .createQueryBuilder('k')
      .where('k.orgId = :orgId and (k.validUntil is null or k.validUntil > :now)', { orgId, now })
      .orderBy('k.version', 'DESC')
      .getMany();
    return rows.map(toStored);
  }

  /** Stores version 1 unless the org has a key already (two first reads at once store one). */
  async createFirst(orgId: string, sealed: SealedSecret, actorId: string): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(SigningKeyEntity)
      .values({ orgId, version: 1, ...sealed, createdBy: actorId, createdAt: new Date(), validUntil: null })
      .orIgnore()
      .execute();
  }

  /**
   * Retires the current version (valid until `graceUntil`, or until its own earlier end) and stores the
   * next one, under a lock on the org's keys so two rotations at once cannot both become current.
   */
  rotate(orgId: string, sealed: (version: number) => SealedSecret, actorId: string, graceUntil: Date) {
    return this.dataSource.transaction(async (manager: EntityManager) => {
      const repository = manager.getRepository(SigningKeyEntity);
      const current = await repository
        .createQueryBuilder('k')
        .setLock('pessimistic_write')
        .where('k.orgId = :orgId', { orgId })
        .orderBy('k.version', 'DESC')
        .limit(1)
        .getOne();
      const now = new Date();
      if (current) {
        await repository.update({ orgId, version: current.version }, { validUntil: graceUntil });
        // Older versions still in a grace period end no later than the one just retired.
        await repository
          .createQueryBuilder()
          .update()
          .set({ validUntil: graceUntil })
          .where('orgId = :orgId and version < :version and validUntil > :graceUntil', {
            orgId,
            version: current.version,
            graceUntil,
          })
          .execute();
      }
      const version = (current?.version ?? 0) + 1;
      await repository.insert({
        orgId,
        version,
        ...sealed(version),
        createdBy: actorId,
        createdAt: now,
        validUntil: null,
      });
    });
  }
}

function toStored(row: SigningKeyEntity): StoredSigningKey {
  return {
    version: row.version,
    sealed: { ciphertext: row.ciphertext, iv: row.iv, authTag: row.authTag },
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    validUntil: row.validUntil,
  };
}
