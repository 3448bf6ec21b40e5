import { randomBytes } from 'node:crypto';
import { InvalidConfigError, loadConfig } from '@flowline/nest-service';
import { WorkflowsConfig } from './workflows.config';

const BASE_ENV = {
  DATABASE_URL: 'postgres://localhost/flowline',
  KAFKA_BROKERS: 'localhost:9092',
  AUTH_JWT_SECRET: 'x'.repeat(32),
};

describe('WorkflowsConfig', () => {
  it('accepts a 32-byte base64 key and sets the service defaults', () => {
    const config = loadConfig(WorkflowsConfig, {
      ...BASE_ENV,
      SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    });
    expect(config.PORT).toBe(3001);
    expect(config.DATABASE_SCHEMA).toBe('workflows');
  });

  it.each([
    ['missing', undefined],
    ['16 bytes', randomBytes(16).toString('base64')],
    ['48 bytes', randomBytes(48).toString('base64')],
    ['not base64', '!'.repeat(44)],
  ])('refuses to start with a key that is %s, without printing the key', (_label, key) => {
    const load = () => loadConfig(WorkflowsConfig, { ...BASE_ENV, SECRETS_ENCRYPTION_KEY: key });
    expect(load).toThrow(InvalidConfigError);
    try {
      load();
    } catch (error) {
      expect(String(error)).toContain('SECRETS_ENCRYPTION_KEY');
      if (key) expect(String(error)).not.toContain(key);
    }
  });
});
