/** What a service needs to talk to Kafka; services build it from their validated config. */
export interface KafkaSettings {
  /** Service name: the Kafka client id and consumer group id (one group per service). */
  serviceName: string;
  brokers: string[];
  /** Prefix for every topic name, so installations or test files can share a broker. Default ''. */
  topicPrefix?: string;
  /** Consumer group override (defaults to serviceName). */
  groupId?: string;
  /** How often a failing handler is tried before its message goes to the DLQ. Default 3. */
  handlerAttempts?: number;
  /** How many partitions one consumer handles at once. Default 3. */
  partitionsConcurrency?: number;
  /** Partitions for topics this service creates. Default 3. */
  partitions?: number;
}

export const KAFKA_SETTINGS = Symbol('KAFKA_SETTINGS');

export function topicPrefixOf(settings: KafkaSettings): string {
  return settings.topicPrefix ?? '';
}
