import { InvalidConfigError, loadConfig } from '@flowline/nest-service';
import { ExecutorUpsertEntityConfig } from './executor-upsert-entity.config';

const env = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/flowline',
  KAFKA_BROKERS: '127.0.0.1:9092',
  AUTH_JWT_SECRET: 'a-test-signing-secret-of-at-least-32-bytes',
  WORKFLOWS_URL: 'http://workflows:3001',
  CATALOG_URL: 'http://catalog:3002',
};

describe('ExecutorUpsertEntityConfig', () => {
  it('has the documented defaults', () => {
    expect(loadConfig(ExecutorUpsertEntityConfig, env)).toMatchObject({
      PORT: 3013,
      DATABASE_SCHEMA: 'executor_upsert_entity',
      CATALOG_URL: 'http://catalog:3002',
      CATALOG_TIMEOUT_MS: 10_000,
      JQ_POOL_SIZE: 2,
    });
  });

  it('reads its variables from the environment', () => {
    expect(loadConfig(ExecutorUpsertEntityConfig, { ...env, CATALOG_TIMEOUT_MS: '2500' })).toMatchObject({
      CATALOG_TIMEOUT_MS: 2500,
    });
  });

  it.each([
    ['CATALOG_URL', undefined],
    ['CATALOG_URL', 'catalog:3002'],
    ['CATALOG_TIMEOUT_MS', 'soon'],
    ['CATALOG_TIMEOUT_MS', '5'],
    ['WORKFLOWS_URL', undefined],
  ])('refuses %s=%p at boot', (name, value) => {
    expect(() => loadConfig(ExecutorUpsertEntityConfig, { ...env, [name]: value })).toThrow(
      InvalidConfigError,
    );
  });
});
