import { type KafkaOptions, Transport } from '@nestjs/microservices';
import { logLevel, Partitioners } from 'kafkajs';
import { type KafkaSettings, topicPrefixOf } from './kafka-settings';

/**
 * The one Kafka client configuration every service uses: client id and group id per service, an
 * idempotent producer that waits for all in-sync replicas, and consumers that start from the earliest
 * offset when their group is new (a new service must not miss what was published before it joined).
 */
export const CONSUMER_MAX_WAIT_MS = 500;
export const DEFAULT_SESSION_TIMEOUT_MS = 10_000;

export function kafkaOptions(settings: KafkaSettings): Required<Pick<KafkaOptions, 'options'>>['options'] {
  const sessionTimeout = settings.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS;
  return {
    postfixId: '',
    client: {
      clientId: settings.serviceName,
      brokers: settings.brokers,
      logLevel: logLevel.WARN,
      retry: { initialRetryTime: 200, retries: 8 },
    },
    consumer: {
      // Installations sharing a broker (different topic prefixes) must not share consumer groups.
      groupId: settings.groupId ?? `${topicPrefixOf(settings)}${settings.serviceName}`,
      allowAutoTopicCreation: false,
      // A replica killed without leaving its group (kill -9, a lost node) holds its partitions until its
      // session times out, and the group's rebalance waits for it: kafkajs's 30 s default stalled a whole
      // service for half a minute after each crash. Heartbeats go every third of the session.
      sessionTimeout,
      heartbeatInterval: Math.floor(sessionTimeout / 3),
      // A fetch returns as soon as data arrives either way; a short wait only bounds how long closing the
      // consumer waits for the fetch in flight (kafkajs's default is 5 s per consumer).
      maxWaitTimeInMs: CONSUMER_MAX_WAIT_MS,
    },
    producer: {
      // Murmur2 partitioning, the same as the Java clients: a key lands where other tools expect it.
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: true,
    },
    send: { acks: -1 },
    subscribe: { fromBeginning: true },
    // How messages are run and committed is FlowlineKafkaServer's (a ConcurrentConsumer), not Nest's.
  };
}

export function kafkaTransport(settings: KafkaSettings): KafkaOptions {
  return { transport: Transport.KAFKA, options: kafkaOptions(settings) };
}
