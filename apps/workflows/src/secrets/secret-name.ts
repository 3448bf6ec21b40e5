import { ExecutorBackends } from '@flowline/contracts';

/**
 * The reference names no pattern for secret names; these fit `{{ .secrets.NAME }}` (plus `-`, which
 * `{{ .secrets["a-b"] }}` handles) and keep names safe in URLs and log lines.
 */
export const SECRET_NAME_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;

export function isSecretName(name: string): boolean {
  return SECRET_NAME_PATTERN.test(name);
}

/** The Flowline services that may read secret values: the executors, which render them into calls. */
export const SECRET_READERS: readonly string[] = ExecutorBackends.map((backend) => `executor-${backend}`);
