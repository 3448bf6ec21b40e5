import { InvalidConfigError, loadConfig } from '@flowline/nest-service';
import { ExecutorWebhookConfig } from './executor-webhook.config';

const env = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/flowline',
  KAFKA_BROKERS: '127.0.0.1:9092',
  AUTH_JWT_SECRET: 'a-test-signing-secret-of-at-least-32-bytes',
  WORKFLOWS_URL: 'http://workflows:3001',
  WEBHOOK_SIGNING_SECRET: 'a-webhook-signing-secret-of-32-chars!!',
};

describe('ExecutorWebhookConfig', () => {
  it('has the documented defaults', () => {
    expect(loadConfig(ExecutorWebhookConfig, env)).toMatchObject({
      PORT: 3011,
      DATABASE_SCHEMA: 'executor_webhook',
      WEBHOOK_TIMEOUT_MS: 30_000,
      WEBHOOK_MAX_RESPONSE_BYTES: 1_048_576,
      WEBHOOK_ALLOWED_HOSTS: '',
      JQ_POOL_SIZE: 2,
      JQ_TIMEOUT_MS: 1000,
    });
  });

  it('reads its variables from the environment', () => {
    const config = loadConfig(ExecutorWebhookConfig, {
      ...env,
      WEBHOOK_TIMEOUT_MS: '5000',
      WEBHOOK_MAX_RESPONSE_BYTES: '1024',
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1,10.0.0.0/8,hooks.internal',
      JQ_POOL_SIZE: '4',
    });
    expect(config).toMatchObject({
      WEBHOOK_TIMEOUT_MS: 5000,
      WEBHOOK_MAX_RESPONSE_BYTES: 1024,
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1,10.0.0.0/8,hooks.internal',
      JQ_POOL_SIZE: 4,
    });
  });

  it.each([
    ['WEBHOOK_SIGNING_SECRET', 'too-short'],
    ['WEBHOOK_SIGNING_SECRET', undefined],
    ['WORKFLOWS_URL', undefined],
    ['WORKFLOWS_URL', 'workflows:3001'],
    ['WEBHOOK_TIMEOUT_MS', 'soon'],
    ['WEBHOOK_MAX_RESPONSE_BYTES', '0'],
    ['WEBHOOK_ALLOWED_HOSTS', '127.0.0.1,not a host'],
    ['JQ_POOL_SIZE', '0'],
  ])('refuses %s=%p at boot', (name, value) => {
    expect(() => loadConfig(ExecutorWebhookConfig, { ...env, [name]: value })).toThrow(InvalidConfigError);
  });

  it('names the invalid allowlist entries', () => {
    expect(() =>
      loadConfig(ExecutorWebhookConfig, { ...env, WEBHOOK_ALLOWED_HOSTS: 'ok.host,http://x' }),
    ).toThrow(/invalid: http:\/\/x/);
  });
});
