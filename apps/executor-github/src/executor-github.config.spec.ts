import { generateKeyPairSync } from 'node:crypto';
import { InvalidConfigError, loadConfig } from '@flowline/nest-service';
import { ExecutorGithubConfig } from './executor-github.config';

const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
});

const env = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/flowline',
  KAFKA_BROKERS: '127.0.0.1:9092',
  AUTH_JWT_SECRET: 'a-test-signing-secret-of-at-least-32-bytes',
  WORKFLOWS_URL: 'http://workflows:3001',
  GITHUB_APP_ID: '123456',
  GITHUB_APP_PRIVATE_KEY: privateKey,
};

describe('ExecutorGithubConfig', () => {
  it('has the documented defaults', () => {
    expect(loadConfig(ExecutorGithubConfig, env)).toMatchObject({
      PORT: 3014,
      DATABASE_SCHEMA: 'executor_github',
      GITHUB_API_URL: 'https://api.github.com',
      GITHUB_WEBHOOK_SECRET: undefined,
      GITHUB_RETURN_RUN_DETAILS: true,
      GITHUB_REQUEST_TIMEOUT_MS: 30_000,
      GITHUB_RUN_LOOKUP_TIMEOUT_MS: 15_000,
      GITHUB_RUN_LOOKUP_INTERVAL_MS: 1_000,
      GITHUB_STATUS_POLL_AFTER_MS: 60_000,
      GITHUB_STATUS_POLL_INTERVAL_MS: 30_000,
      GITHUB_STATUS_GIVE_UP_AFTER_MS: 7 * 24 * 3_600_000,
    });
  });

  it('reads its variables, and a private key whose line breaks are escaped as \\n', () => {
    const config = loadConfig(ExecutorGithubConfig, {
      ...env,
      GITHUB_APP_PRIVATE_KEY: privateKey.replace(/\n/g, '\\n'),
      GITHUB_API_URL: 'https://ghe.example.com/api/v3',
      GITHUB_WEBHOOK_SECRET: 'a-webhook-secret-of-some-length',
      GITHUB_RETURN_RUN_DETAILS: 'false',
      GITHUB_STATUS_POLL_AFTER_MS: '5000',
    });
    expect(config).toMatchObject({
      GITHUB_API_URL: 'https://ghe.example.com/api/v3',
      GITHUB_RETURN_RUN_DETAILS: false,
      GITHUB_STATUS_POLL_AFTER_MS: 5000,
    });
    expect(config.githubPrivateKey).toBe(privateKey.trim());
  });

  it('refuses a missing app, a key that is not an RSA private key, and bad numbers, without echoing the key', () => {
    const attempt = () =>
      loadConfig(ExecutorGithubConfig, {
        ...env,
        GITHUB_APP_ID: '',
        GITHUB_APP_PRIVATE_KEY: 'not-a-key-but-a-secret-value',
        GITHUB_API_URL: 'ftp://github',
        GITHUB_STATUS_POLL_INTERVAL_MS: '10',
        GITHUB_WEBHOOK_SECRET: 'short',
      });
    expect(attempt).toThrow(InvalidConfigError);
    try {
      attempt();
    } catch (error) {
      const paths = (error as InvalidConfigError).problems.map((p) => p.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          'GITHUB_APP_ID',
          'GITHUB_APP_PRIVATE_KEY',
          'GITHUB_API_URL',
          'GITHUB_STATUS_POLL_INTERVAL_MS',
          'GITHUB_WEBHOOK_SECRET',
        ]),
      );
      expect((error as Error).message).not.toContain('not-a-key-but-a-secret-value');
    }
  });
});
