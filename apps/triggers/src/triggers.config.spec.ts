import { InvalidConfigError, loadConfig } from '@flowline/nest-service';
import { TriggersConfig } from './triggers.config';

const BASE_ENV = {
  DATABASE_URL: 'postgres://localhost/flowline',
  KAFKA_BROKERS: 'localhost:9092',
  AUTH_JWT_SECRET: 'x'.repeat(32),
  WORKFLOWS_URL: 'http://workflows:3001',
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(TriggersConfig, env);
  } catch (error) {
    if (error instanceof InvalidConfigError) return [...new Set(error.problems.map((p) => p.path))];
    throw error;
  }
  return [];
}

describe('TriggersConfig', () => {
  it('sets the service defaults', () => {
    const config = loadConfig(TriggersConfig, BASE_ENV);
    expect(config).toMatchObject({
      PORT: 3003,
      DATABASE_SCHEMA: 'triggers',
      RUN_CREATION_WAIT_MS: 10_000,
      MAX_CHAIN_DEPTH: 5,
      JQ_POOL_SIZE: 2,
      JQ_TIMEOUT_MS: 1000,
    });
  });

  it('reads numbers from the environment', () => {
    const config = loadConfig(TriggersConfig, {
      ...BASE_ENV,
      MAX_CHAIN_DEPTH: '3',
      RUN_CREATION_WAIT_MS: '250',
    });
    expect([config.MAX_CHAIN_DEPTH, config.RUN_CREATION_WAIT_MS]).toEqual([3, 250]);
  });

  it('refuses to start without the workflows service or with values out of range, naming each', () => {
    expect(
      problemsOf({
        ...BASE_ENV,
        WORKFLOWS_URL: 'workflows',
        MAX_CHAIN_DEPTH: '0',
        JQ_POOL_SIZE: 'many',
        RUN_CREATION_WAIT_MS: '-1',
      }).sort(),
    ).toEqual(['JQ_POOL_SIZE', 'MAX_CHAIN_DEPTH', 'RUN_CREATION_WAIT_MS', 'WORKFLOWS_URL']);
  });
});
