import { InvalidConfigError, loadConfig } from '@flowline/nest-service';
import { OrchestratorConfig } from './orchestrator.config';

const BASE_ENV = {
  DATABASE_URL: 'postgres://localhost/flowline',
  KAFKA_BROKERS: 'localhost:9092',
  AUTH_JWT_SECRET: 'x'.repeat(32),
};

describe('OrchestratorConfig', () => {
  it('starts with the service defaults and nothing but the common variables', () => {
    const config = loadConfig(OrchestratorConfig, BASE_ENV);
    expect(config).toMatchObject({
      PORT: 3004,
      DATABASE_SCHEMA: 'orchestrator',
      MAX_NODE_OUTPUT_BYTES: 131072,
      MAX_RUN_CONTEXT_BYTES: 524288,
      NODE_DEFAULT_TIMEOUT_SECONDS: 3600,
      MAX_CONCURRENT_RUNS_PER_WORKFLOW: 0,
      MAX_CONCURRENT_RUNS_PER_ORG: 0,
    });
    expect(config.WORKFLOWS_URL).toBeUndefined();
  });

  it('reads the concurrency limits and the workflows service URL', () => {
    const config = loadConfig(OrchestratorConfig, {
      ...BASE_ENV,
      MAX_CONCURRENT_RUNS_PER_WORKFLOW: '1',
      MAX_CONCURRENT_RUNS_PER_ORG: '20',
      WORKFLOWS_URL: 'http://workflows:3001',
    });
    expect(config).toMatchObject({
      MAX_CONCURRENT_RUNS_PER_WORKFLOW: 1,
      MAX_CONCURRENT_RUNS_PER_ORG: 20,
      WORKFLOWS_URL: 'http://workflows:3001',
    });
  });

  it('reads numbers from the environment', () => {
    const config = loadConfig(OrchestratorConfig, {
      ...BASE_ENV,
      MAX_NODE_OUTPUT_BYTES: '2048',
      JQ_TIMEOUT_MS: '250',
    });
    expect(config.MAX_NODE_OUTPUT_BYTES).toBe(2048);
    expect(config.JQ_TIMEOUT_MS).toBe(250);
  });

  it.each([
    [
      'a node output limit above the run context limit',
      { MAX_NODE_OUTPUT_BYTES: '600000', MAX_RUN_CONTEXT_BYTES: '500000' },
      'MAX_NODE_OUTPUT_BYTES',
    ],
    [
      'a run context too large for a Kafka message',
      { MAX_RUN_CONTEXT_BYTES: String(2 * 1024 * 1024) },
      'MAX_RUN_CONTEXT_BYTES',
    ],
    ['a negative default timeout', { NODE_DEFAULT_TIMEOUT_SECONDS: '-1' }, 'NODE_DEFAULT_TIMEOUT_SECONDS'],
    ['a negative concurrency limit', { MAX_CONCURRENT_RUNS_PER_ORG: '-1' }, 'MAX_CONCURRENT_RUNS_PER_ORG'],
    ['a workflows URL that is not one', { WORKFLOWS_URL: 'workflows' }, 'WORKFLOWS_URL'],
  ])('refuses to start with %s', (_label, env, variable) => {
    expect(() => loadConfig(OrchestratorConfig, { ...BASE_ENV, ...env })).toThrow(InvalidConfigError);
    expect(() => loadConfig(OrchestratorConfig, { ...BASE_ENV, ...env })).toThrow(variable);
  });
});
