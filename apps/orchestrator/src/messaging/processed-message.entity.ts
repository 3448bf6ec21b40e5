import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The id of every Kafka message this service has handled, written in the same transaction as the
 * transition the message caused: a replay finds its id here and changes nothing.
 */
@Entity({ name: 'processed_messages' })
@Index('IDX_processed_messages_processed_at', ['processedAt'])
export class ProcessedMessageEntity {
  @PrimaryColumn({ name: 'org_id', type: 'text' })
  orgId!: string;

  @PrimaryColumn({ name: 'message_id', type: 'text' })
  messageId!: string;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ name: 'processed_at', type: 'timestamptz' })
  processedAt!: Date;
}
