import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './config-requirements';

export const CHART_DIR = path.join(REPO_ROOT, 'deploy', 'helm', 'flowline');

export interface ServiceValues {
  enabled: boolean;
  port: number;
  migrate: boolean;
  env?: Record<string, string | number | boolean>;
  secretEnv?: string[];
  optionalSecretEnv?: string[];
}

export interface ChartValues {
  existingSecret: string;
  secretEnv: string[];
  env: Record<string, string | number | boolean>;
  services: Record<string, ServiceValues>;
  [key: string]: unknown;
}

export function readValues(): ChartValues {
  return parse(fs.readFileSync(path.join(CHART_DIR, 'values.yaml'), 'utf8')) as ChartValues;
}

export function readTemplate(name: string): string {
  return fs.readFileSync(path.join(CHART_DIR, 'templates', name), 'utf8');
}

/** One variable of a container's environment: a literal value, or a key of the existing Secret. */
export type EnvSource = { value: string } | { secretKey: string; optional: boolean };

/**
 * The environment `flowline.env` (templates/_helpers.tpl) gives a service's containers, Deployment and
 * migration Job alike, rendered from the values as Helm would for release `release`: PORT, the shared
 * `env` under the service's own, `<NAME>_URL` of every enabled service, then the Secret's keys.
 */
export function serviceEnvironment(
  values: ChartValues,
  service: string,
  release = 'flowline',
): Map<string, EnvSource> {
  const svc = values.services[service];
  if (!svc) throw new Error(`values.yaml has no service ${service}`);
  const env = new Map<string, EnvSource>([['PORT', { value: String(svc.port) }]]);
  for (const [key, value] of Object.entries({ ...values.env, ...svc.env }))
    env.set(key, { value: String(value) });
  for (const [other, o] of Object.entries(values.services)) {
    if (!o.enabled) continue;
    env.set(`${other.toUpperCase().replace(/-/g, '_')}_URL`, {
      value: `http://${release}-${other}:${o.port}`,
    });
  }
  for (const key of [...values.secretEnv, ...(svc.secretEnv ?? [])])
    env.set(key, { secretKey: key, optional: false });
  for (const key of svc.optionalSecretEnv ?? []) env.set(key, { secretKey: key, optional: true });
  return env;
}

/**
 * The required variables a service's containers would lack: not set, set to an empty value (services
 * read an empty variable as unset), or taken from an optional Secret key.
 */
export function missingVariables(required: readonly string[], env: Map<string, EnvSource>): string[] {
  return required.filter((name) => {
    const source = env.get(name);
    if (!source) return true;
    return 'value' in source ? source.value === '' : source.optional;
  });
}
