import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import {
  CHART_DIR,
  type ChartValues,
  missingVariables,
  readTemplate,
  readValues,
  serviceEnvironment,
} from './chart';
import { hasMigrations, requiredVariables, serviceApps } from './config-requirements';

/** The `define "<name>"` block of templates/_helpers.tpl. */
function helper(name: string): string {
  const text = readTemplate('_helpers.tpl');
  const start = text.indexOf(`{{- define "${name}" -}}`);
  if (start < 0) throw new Error(`_helpers.tpl defines no ${name}`);
  return text.slice(start, text.indexOf('{{- end }}\n\n', start));
}

describe('config requirements read from the config classes', () => {
  it('finds what ServiceConfig, ExecutorConfig and the apps require, and not what has a default', () => {
    const common = ['AUTH_JWT_SECRET', 'DATABASE_URL', 'KAFKA_BROKERS'];
    expect(requiredVariables('gateway')).toEqual(common);
    expect(requiredVariables('workflows')).toEqual([...common, 'SECRETS_ENCRYPTION_KEY']);
    expect(requiredVariables('triggers')).toEqual([...common, 'WORKFLOWS_URL']);
    expect(requiredVariables('executor-upsert-entity')).toEqual(
      [...common, 'CATALOG_URL', 'WORKFLOWS_URL'].sort(),
    );
    expect(requiredVariables('executor-github')).toEqual(
      [...common, 'GITHUB_APP_ID', 'GITHUB_APP_PRIVATE_KEY', 'WORKFLOWS_URL'].sort(),
    );
  });

  it('covers every service app', () => {
    expect(serviceApps()).toEqual([
      'catalog',
      'executor-github',
      'executor-kafka',
      'executor-upsert-entity',
      'executor-webhook',
      'gateway',
      'orchestrator',
      'triggers',
      'workflows',
    ]);
  });
});

describe('helm chart', () => {
  const values = readValues();

  it('deploys every service app, and migrates exactly those with migrations', () => {
    expect(Object.keys(values.services).sort()).toEqual(serviceApps());
    for (const app of serviceApps()) {
      expect({ app, migrate: values.services[app].migrate }).toEqual({ app, migrate: hasMigrations(app) });
    }
  });

  it.each(serviceApps())('gives %s every variable its config class requires', (app) => {
    expect(missingVariables(requiredVariables(app), serviceEnvironment(values, app))).toEqual([]);
  });

  it('reports a required variable the chart does not give', () => {
    const without = structuredClone(values) as ChartValues;
    without.services['workflows'].secretEnv = [];
    without.services['catalog'].enabled = false;
    without.services['executor-github'].secretEnv = ['GITHUB_APP_ID'];
    without.services['executor-github'].optionalSecretEnv = ['GITHUB_APP_PRIVATE_KEY'];
    const missing = (app: string) =>
      missingVariables(requiredVariables(app), serviceEnvironment(without, app));
    expect(missing('workflows')).toEqual(['SECRETS_ENCRYPTION_KEY']);
    expect(missing('executor-upsert-entity')).toEqual(['CATALOG_URL']);
    expect(missing('executor-github')).toEqual(['GITHUB_APP_PRIVATE_KEY']);
  });

  it('renders the environment as the chart does: PORT, env, service URLs, Secret keys', () => {
    const env = serviceEnvironment(values, 'workflows', 'prod');
    expect(env.get('PORT')).toEqual({ value: '3001' });
    expect(env.get('KAFKA_BROKERS')).toEqual({ value: 'kafka:9092' });
    expect(env.get('CATALOG_URL')).toEqual({ value: 'http://prod-catalog:3002' });
    expect(env.has('EXECUTOR_GITHUB_URL')).toBe(false);
    expect(env.get('SECRETS_ENCRYPTION_KEY')).toEqual({
      secretKey: 'SECRETS_ENCRYPTION_KEY',
      optional: false,
    });

    // What serviceEnvironment mirrors, in templates/_helpers.tpl:
    const envHelper = helper('flowline.env');
    expect(envHelper).toContain('- name: PORT\n  value: {{ .svc.port | quote }}');
    expect(envHelper).toContain(
      '{{- range $key, $value := merge (deepCopy (.svc.env | default dict)) (deepCopy $root.Values.env) }}',
    );
    expect(envHelper).toContain('{{- range $other, $o := $root.Values.services }}\n{{- if $o.enabled }}');
    expect(envHelper).toContain('{{ printf "%s_URL" ($other | upper | replace "-" "_") }}');
    expect(envHelper).toContain(
      '{{ printf "http://%s:%v" (include "flowline.fullname" (dict "root" $root "name" $other)) $o.port | quote }}',
    );
    expect(envHelper).toContain(
      '{{- range $key := concat $root.Values.secretEnv (.svc.secretEnv | default list) }}',
    );
    expect(envHelper).toContain('secretKeyRef: { name: {{ $root.Values.existingSecret }}, key: {{ $key }} }');
    expect(envHelper).toContain('{{- range $key := .svc.optionalSecretEnv | default list }}');
    expect(helper('flowline.fullname')).toContain('{{- printf "%s-%s" .root.Release.Name .name');
  });

  it.each([
    ['deployments.yaml', 'serve'],
    ['migrations.yaml', 'migrate'],
  ])('%s runs `<app> %s` with the service environment', (file, command) => {
    const text = readTemplate(file);
    expect(text).toContain(`args: [{{ $name | quote }}, ${command}]`);
    expect(text).toContain('env: {{- include "flowline.env" $ctx | nindent 12 }}');
    expect(text).toContain('{{- $ctx := dict "root" $ "name" $name "svc" $svc }}');
    expect(text).toContain(
      '{{- $svc := include "flowline.service" (dict "root" $ "name" $name "values" $values) | fromYaml }}',
    );
    expect(text).toContain('securityContext: {{- toYaml $.Values.securityContext | nindent 12 }}');
    expect(text).toContain('{{- include "flowline.podSpec" $ | nindent 6 }}');
  });

  it('migrates before install and upgrade, once per service with migrations', () => {
    const text = readTemplate('migrations.yaml');
    expect(text).toContain('{{- if and $values.enabled $values.migrate }}');
    expect(text).toContain('helm.sh/hook: pre-install,pre-upgrade');
    expect(text).toContain('restartPolicy: Never');
  });

  it('routes the API and the GitHub webhook through the Ingress, nothing else', () => {
    const text = readTemplate('ingress.yaml');
    const paths = [...text.matchAll(/- path: (\S+)\n\s+pathType: (\S+)/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(paths).toEqual(['/v1 Prefix', '/webhooks/github Exact']);
    expect(text).toContain('name: {{ include "flowline.fullname" (dict "root" $ "name" "gateway") }}');
    expect(text).toContain(
      'name: {{ include "flowline.fullname" (dict "root" $ "name" "executor-github") }}',
    );
  });

  it('scales, budgets disruptions and exposes metrics to Prometheus', () => {
    const scaling = readTemplate('autoscaling.yaml');
    expect(scaling).toContain('kind: HorizontalPodAutoscaler');
    expect(scaling).toContain('kind: PodDisruptionBudget');
    const monitor = readTemplate('servicemonitor.yaml');
    expect(monitor).toContain('kind: ServiceMonitor');
    expect(monitor).toMatch(/- port: http\n\s+path: \/metrics/);
    expect(readTemplate('deployments.yaml')).toContain('prometheus.io/path: /metrics');
  });

  it('runs as a non-root user with a read-only root file system and secrets from an existing Secret', () => {
    expect(values['podSecurityContext']).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(values['securityContext']).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(values.existingSecret).toBe('flowline-secrets');
    expect(values.secretEnv).toEqual(['DATABASE_URL', 'AUTH_JWT_SECRET']);
  });

  describe('values.schema.json', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(CHART_DIR, 'values.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(schema);

    it('accepts values.yaml', () => {
      expect(validate(values) ? [] : validate.errors).toEqual([]);
    });

    it('refuses unknown services, bad ports and lower-case variable names, naming the path', () => {
      const bad = structuredClone(values) as ChartValues;
      (bad.services as Record<string, unknown>)['scheduler'] = { enabled: true, port: 3020, migrate: false };
      (bad.services['gateway'] as unknown as Record<string, unknown>)['port'] = '3000';
      bad.env['log_level'] = 'debug';
      expect(validate(bad)).toBe(false);
      const paths = (validate.errors ?? []).map((error) => error.instancePath);
      expect(paths).toEqual(expect.arrayContaining(['/services', '/services/gateway/port', '/env']));
    });
  });
});
