// First: kafkajs's fixes must be in place before any client below is created.
import '@flowline/kafkajs-fixes';
export * from './kafka-settings';
export * from './kafka-options';
export * from './kafka-server';
export * from './kafka-publisher';
export * from './kafka-message-consumer';
export * from './kafka-topics';
export * from './kafka.module';
export * from './dead-letter';
export * from './trace-headers';
export * from './produce-batcher';
export * from './consumer-flow/concurrent-consumer';
export * from './consumer-flow/fair-scheduler';
export * from './consumer-flow/partition-progress';
export * from './first-fetch';
