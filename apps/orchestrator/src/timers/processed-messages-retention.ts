import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProcessedMessageEntity } from '../messaging/processed-message.entity';
import type { OrchestratorConfig } from '../orchestrator.config';

const PRUNE_EVERY_MS = 60_000;
const PRUNE_BATCH = 5000;

/**
 * Forgets the ids of messages handled longer ago than the retention (Kafka will not redeliver them by
 * then), so the dedupe table stays small. At most one batch per minute per process.
 */
@Injectable()
export class ProcessedMessagesRetention {
  private lastPrune = 0;

  constructor(
    private readonly dataSource: DataSource,
    @Inject('SERVICE_CONFIG') private readonly config: OrchestratorConfig,
  ) {}

  async pruneSoon(now = Date.now()): Promise<void> {
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    const metadata = this.dataSource.getMetadata(ProcessedMessageEntity);
    const table = `"${metadata.schema}"."${metadata.tableName}"`;
    await this.dataSource.query(
      `delete from ${table} where ctid in (
         select ctid from ${table} where processed_at < now() - ($1::double precision * interval '1 hour') limit $2)`,
      [this.config.PROCESSED_MESSAGE_RETENTION_HOURS, PRUNE_BATCH],
    );
  }
}
