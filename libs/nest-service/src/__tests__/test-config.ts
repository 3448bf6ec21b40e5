import { InvalidConfigError, loadConfig, ServiceConfig } from '../service-config';

/** A service config with what every service sets itself, for specs of the shared settings. */
export class TestConfig extends ServiceConfig {
  override PORT = 3999;
  override DATABASE_SCHEMA = 'test';
}

/** The variables every service requires. */
export const BASE_ENV = {
  DATABASE_URL: 'postgres://localhost/flowline',
  KAFKA_BROKERS: 'localhost:9092',
  AUTH_JWT_SECRET: 'x'.repeat(32),
};

/** The paths of the variables `env` (on top of BASE_ENV) gets refused for, each once; [] if accepted. */
export function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(TestConfig, { ...BASE_ENV, ...env });
  } catch (error) {
    if (error instanceof InvalidConfigError) return [...new Set(error.problems.map((p) => p.path))];
    throw error;
  }
  return [];
}
