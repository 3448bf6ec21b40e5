import { InvalidConfigError, loadConfig, ServiceConfig } from './service-config';

class TestConfig extends ServiceConfig {
  override PORT = 3999;
  override DATABASE_SCHEMA = 'test';
}

const BASE_ENV = {
  DATABASE_URL: 'postgres://localhost/flowline',
  KAFKA_BROKERS: 'localhost:9092',
  AUTH_JWT_SECRET: 'x'.repeat(32),
};

function problemPaths(env: Record<string, string>): string[] {
  try {
    loadConfig(TestConfig, { ...BASE_ENV, ...env });
  } catch (error) {
    if (error instanceof InvalidConfigError) return error.problems.map((p) => p.path);
    throw error;
  }
  return [];
}

describe('V8_INTERRUPT_BUDGET', () => {
  it('is 4096 bytes unless set, and 0 (keep V8 own) is allowed', () => {
    expect(loadConfig(TestConfig, BASE_ENV).V8_INTERRUPT_BUDGET).toBe(4096);
    expect(loadConfig(TestConfig, { ...BASE_ENV, V8_INTERRUPT_BUDGET: '0' }).V8_INTERRUPT_BUDGET).toBe(0);
    expect(loadConfig(TestConfig, { ...BASE_ENV, V8_INTERRUPT_BUDGET: '16384' }).V8_INTERRUPT_BUDGET).toBe(
      16384,
    );
  });

  it('refuses what is not a whole number of bytes from 0 to 1 MiB', () => {
    for (const value of ['-1', 'fast', '1.5', '2000000']) {
      expect(problemPaths({ V8_INTERRUPT_BUDGET: value })).toContain('V8_INTERRUPT_BUDGET');
    }
  });
});
