import { InvalidConfigError, loadConfig } from '@flowline/nest-service';
import { ExecutorKafkaConfig } from './executor-kafka.config';

const env = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/flowline',
  KAFKA_BROKERS: '127.0.0.1:9092',
  AUTH_JWT_SECRET: 'a-test-signing-secret-of-at-least-32-bytes',
  WORKFLOWS_URL: 'http://workflows:3001',
};

describe('ExecutorKafkaConfig', () => {
  it('has the documented defaults', () => {
    expect(loadConfig(ExecutorKafkaConfig, env)).toMatchObject({
      PORT: 3012,
      DATABASE_SCHEMA: 'executor_kafka',
      KAFKA_TOPIC_PREFIX: '',
      KAFKA_MAX_MESSAGE_BYTES: 921_600,
      KAFKA_ORG_TOPIC_PARTITIONS: 0,
      JQ_POOL_SIZE: 2,
      JQ_TIMEOUT_MS: 1000,
    });
  });

  it('reads its variables from the environment', () => {
    const config = loadConfig(ExecutorKafkaConfig, {
      ...env,
      KAFKA_TOPIC_PREFIX: 'prod.',
      KAFKA_MAX_MESSAGE_BYTES: '2048',
      KAFKA_ORG_TOPIC_PARTITIONS: '6',
    });
    expect(config).toMatchObject({
      KAFKA_TOPIC_PREFIX: 'prod.',
      KAFKA_MAX_MESSAGE_BYTES: 2048,
      KAFKA_ORG_TOPIC_PARTITIONS: 6,
    });
  });

  it.each([
    ['WORKFLOWS_URL', undefined],
    ['KAFKA_MAX_MESSAGE_BYTES', 'big'],
    ['KAFKA_MAX_MESSAGE_BYTES', '10'],
    ['KAFKA_ORG_TOPIC_PARTITIONS', '-1'],
  ])('refuses %s=%p at boot', (name, value) => {
    expect(() => loadConfig(ExecutorKafkaConfig, { ...env, [name]: value })).toThrow(InvalidConfigError);
  });
});
