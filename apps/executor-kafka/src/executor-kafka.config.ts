import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { ExecutorConfig } from '@flowline/executor-runtime';

export const SERVICE_NAME = 'executor-kafka';

const toNumber = ({ value }: { value: unknown }) => (value === undefined ? value : Number(value));

export class ExecutorKafkaConfig extends ExecutorConfig {
  override PORT = 3012;
  override DATABASE_SCHEMA = 'executor_kafka';

  /**
   * Largest published message (envelope included, JSON bytes). Kafka refuses messages over its
   * `message.max.bytes` (~1 MB by default), and no retry fixes that, so a bigger one fails the node.
   */
  @Transform(toNumber)
  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  KAFKA_MAX_MESSAGE_BYTES = 900 * 1024;

  /** Partitions of an org topic this executor creates; 0 leaves it to the broker's `num.partitions`. */
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(1000)
  KAFKA_ORG_TOPIC_PARTITIONS = 0;
}
