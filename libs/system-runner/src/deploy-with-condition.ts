import { type AxiosInstance } from 'axios';

/**
 * The reference's end-to-end example ("deploy with condition", reference §7): trigger → CONDITION
 * (production / non-production) → two WEBHOOK nodes → one UPSERT_ENTITY that both branches join. The
 * webhooks call `deployUrl` (a local sink in the demo and the e2e tests). Used by `tools/demo` and apps/e2e.
 */
export function deployWithConditionWorkflow(
  deployUrl: string,
  identifier = 'deploy-service',
): Record<string, unknown> {
  const body = { service: '{{ .outputs.trigger.service }}', version: '{{ .outputs.trigger.version }}' };
  return {
    identifier,
    title: 'Deploy Service',
    icon: 'Deployment',
    nodes: [
      {
        identifier: 'trigger',
        title: 'Deploy Service',
        config: {
          type: 'SELF_SERVE_TRIGGER',
          userInputs: {
            properties: {
              service: { type: 'string', format: 'entity', blueprint: 'service', title: 'Service' },
              version: { type: 'string', title: 'Version' },
              environment: { type: 'string', title: 'Environment', enum: ['staging', 'production'] },
            },
            required: ['service', 'version', 'environment'],
            order: ['service', 'version', 'environment'],
          },
        },
      },
      {
        identifier: 'check-env',
        title: 'Check Environment',
        config: {
          type: 'CONDITION',
          options: [
            {
              identifier: 'production',
              title: 'Production',
              expression: '.outputs.trigger.environment == "production"',
            },
            {
              identifier: 'non-production',
              title: 'Non-production',
              expression: '.outputs.trigger.environment != "production"',
            },
          ],
        },
      },
      {
        identifier: 'deploy-prod',
        title: 'Deploy to Production',
        config: {
          type: 'WEBHOOK',
          url: `${deployUrl}/production`,
          method: 'POST',
          headers: { Authorization: 'Bearer {{ .secrets["deploy-token"] }}' },
          body,
          synchronized: true,
        },
      },
      {
        identifier: 'deploy-non-prod',
        title: 'Deploy to Staging',
        config: {
          type: 'WEBHOOK',
          url: `${deployUrl}/{{ .outputs.trigger.environment }}`,
          method: 'POST',
          body,
          synchronized: true,
        },
      },
      {
        identifier: 'record-deployment',
        title: 'Record Deployment',
        config: {
          type: 'UPSERT_ENTITY',
          blueprintIdentifier: 'service',
          mapping: {
            identifier: '{{ .outputs.trigger.service }}',
            properties: {
              lastDeployedVersion: '{{ .outputs.trigger.version }}',
              lastDeployedAt: '{{ now | todateiso8601 }}',
            },
            relations: { environment: '{{ .outputs.trigger.environment }}' },
          },
        },
      },
    ],
    connections: [
      { sourceIdentifier: 'trigger', targetIdentifier: 'check-env' },
      {
        sourceIdentifier: 'check-env',
        targetIdentifier: 'deploy-prod',
        sourceOptionIdentifier: 'production',
      },
      {
        sourceIdentifier: 'check-env',
        targetIdentifier: 'deploy-non-prod',
        sourceOptionIdentifier: 'non-production',
      },
      { sourceIdentifier: 'deploy-prod', targetIdentifier: 'record-deployment' },
      { sourceIdentifier: 'deploy-non-prod', targetIdentifier: 'record-deployment' },
    ],
  };
}

/** The catalog the example writes to: `environment` entities and a `service` blueprint relating to them. */
export async function prepareDeployCatalog(api: AxiosInstance): Promise<void> {
  await ensure(api, '/v1/blueprints', {
    identifier: 'environment',
    title: 'Environment',
    schema: { properties: {}, required: [] },
  });
  for (const environment of ['staging', 'production']) {
    await ensure(api, '/v1/blueprints/environment/entities?upsert=true', {
      identifier: environment,
      title: environment,
    });
  }
  await ensure(api, '/v1/blueprints', {
    identifier: 'service',
    title: 'Service',
    schema: {
      properties: {
        lastDeployedVersion: { type: 'string', title: 'Last deployed version' },
        lastDeployedAt: { type: 'string', format: 'date-time', title: 'Last deployed at' },
      },
      required: [],
    },
    relations: { environment: { title: 'Environment', target: 'environment', many: false, required: false } },
  });
}

/** POSTs and accepts "already exists", so the demo can run again on the same installation. */
async function ensure(api: AxiosInstance, path: string, body: unknown): Promise<void> {
  const response = await api.post(path, body);
  if (response.status >= 300 && response.status !== 409) {
    throw new Error(`POST ${path} answered ${response.status}: ${JSON.stringify(response.data)}`);
  }
}
