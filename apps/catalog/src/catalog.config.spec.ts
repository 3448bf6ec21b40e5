import { InvalidConfigError, loadConfig } from '@flowline/nest-service';
import { CatalogConfig } from './catalog.config';

const env = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/flowline',
  KAFKA_BROKERS: '127.0.0.1:9092',
  AUTH_JWT_SECRET: 'a-test-signing-secret-of-at-least-32-bytes',
};

describe('CatalogConfig', () => {
  it('defaults to port 3002, schema catalog and a one-second timer sweep', () => {
    const config = loadConfig(CatalogConfig, env);
    expect(config).toMatchObject({ PORT: 3002, DATABASE_SCHEMA: 'catalog', TIMER_SWEEP_INTERVAL_MS: 1000 });
  });

  it('reads TIMER_SWEEP_INTERVAL_MS from the environment', () => {
    expect(
      loadConfig(CatalogConfig, { ...env, TIMER_SWEEP_INTERVAL_MS: '250' }).TIMER_SWEEP_INTERVAL_MS,
    ).toBe(250);
  });

  it.each(['0', 'soon', '1.5'])('refuses TIMER_SWEEP_INTERVAL_MS=%p at boot', (value) => {
    expect(() => loadConfig(CatalogConfig, { ...env, TIMER_SWEEP_INTERVAL_MS: value })).toThrow(
      InvalidConfigError,
    );
  });
});
