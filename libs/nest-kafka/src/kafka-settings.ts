import { type ConsumerFlowSettings } from './consumer-flow/concurrent-consumer';

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
  /** How many partitions one consumer fetches at once. Default 64. */
  partitionsConcurrency?: number;
  /** Partitions for topics this service creates. Default 12 (KAFKA_PARTITIONS). */
  partitions?: number;
  /**
   * How long the broker waits for a silent group member before handing its partitions to the others (a
   * crashed replica stalls its group this long). Default 10 s (KAFKA_SESSION_TIMEOUT_MS).
   */
  sessionTimeoutMs?: number;
  /** How many messages are handled at once, and how fairly; see ConsumerFlowSettings. */
  flow?: Partial<ConsumerFlowSettings>;
  /** On shutdown, how long in-flight messages may take before they are handed back. Default 15 s. */
  shutdownGraceMs?: number;
}

export const KAFKA_SETTINGS = Symbol('KAFKA_SETTINGS');

export function topicPrefixOf(settings: KafkaSettings): string {
  return settings.topicPrefix ?? '';
}

const DEFAULT_FLOW: ConsumerFlowSettings = { maxInFlight: 64, maxInFlightPerOrg: 48, orderByKey: true };

export function consumerFlowOf(settings: KafkaSettings): ConsumerFlowSettings {
  const flow = { ...DEFAULT_FLOW, ...settings.flow };
  return { ...flow, maxInFlightPerOrg: Math.min(flow.maxInFlightPerOrg, flow.maxInFlight) };
}
