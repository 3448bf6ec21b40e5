import {
  createMessage,
  ENTITY_CHANGED_MESSAGE_TYPE,
  type WorkflowDefinitionSnapshot,
} from '@flowline/contracts';
import { normalizeWorkflow } from '@flowline/workflow-schema';

/** A self-service workflow as a client sends it (reference §3): required inputs, an enum, a jqQuery default. */
export function deployWorkflow(
  identifier: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    identifier,
    title: 'Deploy a service',
    nodes: [
      {
        identifier: 'trigger',
        title: 'Request Deployment',
        config: {
          type: 'SELF_SERVE_TRIGGER',
          userInputs: {
            properties: {
              service: { type: 'string', format: 'entity', blueprint: 'service', title: 'Service' },
              version: { type: 'string', title: 'Version' },
              environment: { type: 'string', enum: ['staging', 'production'] },
              replicas: {
                type: 'number',
                minimum: 1,
                maximum: 10,
                default: { jqQuery: 'if .form.environment == "production" then 3 else 1 end' },
                dependsOn: ['environment'],
              },
              notify: { type: 'boolean', default: true },
            },
            required: ['service', 'version', 'environment'],
            order: ['service', 'environment', 'version', 'replicas', 'notify'],
          },
        },
      },
      { identifier: 'deploy', config: { type: 'WEBHOOK', url: 'https://deploy.example.com/hooks' } },
    ],
    connections: [{ sourceIdentifier: 'trigger', targetIdentifier: 'deploy' }],
    ...overrides,
  };
}

/** An event-triggered workflow (reference §4): on `eventType` of `blueprint`, when every expression holds. */
export function eventWorkflow(
  identifier: string,
  options: { eventType?: string; blueprint?: string; expressions?: string[]; combinator?: 'and' | 'or' } = {},
): Record<string, unknown> {
  const { eventType = 'ENTITY_UPDATED', blueprint = 'service', expressions, combinator } = options;
  return {
    identifier,
    title: 'On service change',
    nodes: [
      {
        identifier: 'on-change',
        config: {
          type: 'EVENT_TRIGGER',
          event: { type: eventType, blueprintIdentifier: blueprint },
          ...(expressions
            ? { condition: { type: 'JQ', expressions, ...(combinator ? { combinator } : {}) } }
            : {}),
        },
      },
      { identifier: 'notify', config: { type: 'WEBHOOK', url: 'https://hooks.example.com/changed' } },
    ],
    connections: [{ sourceIdentifier: 'on-change', targetIdentifier: 'notify' }],
  };
}

/** What the definitions topic carries for a definition: its canonical form plus the server fields. */
export function snapshotOf(
  definition: Record<string, unknown>,
  orgId: string,
  version = 1,
): WorkflowDefinitionSnapshot {
  const { workflow, problems } = normalizeWorkflow(definition);
  if (problems.length > 0) throw new Error(`fixture does not normalise: ${JSON.stringify(problems)}`);
  return {
    ...(workflow as unknown as Record<string, unknown>),
    orgId,
    version,
    createdBy: `user@${orgId}`,
    updatedBy: `user@${orgId}`,
    createdAt: '2026-01-02T03:04:05.000Z',
    updatedAt: '2026-01-02T03:04:05.000Z',
  } as WorkflowDefinitionSnapshot;
}

/** An entity as the catalog serves it. */
export function entity(identifier: string, blueprint: string, properties: Record<string, unknown>) {
  return {
    identifier,
    blueprint,
    title: identifier.toUpperCase(),
    icon: null,
    team: ['platform'],
    properties,
    relations: {},
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'catalog',
    updatedAt: '2026-01-02T00:00:00.000Z',
    updatedBy: 'catalog',
  };
}

/** An ENTITY_CHANGED message as the catalog publishes it (EntityChangedMessage), UPDATE unless told otherwise. */
export function entityChange(
  orgId: string,
  options: {
    action?: 'CREATE' | 'UPDATE' | 'DELETE';
    blueprint?: string;
    entityIdentifier?: string;
    before?: Record<string, unknown> | null;
    after?: Record<string, unknown> | null;
    chainDepth?: number;
  } = {},
) {
  const { action = 'UPDATE', blueprint = 'service', entityIdentifier = 'svc-a' } = options;
  const before =
    options.before === undefined
      ? action === 'CREATE'
        ? null
        : entity(entityIdentifier, blueprint, { environment: 'production', status: 'running' })
      : options.before;
  const after =
    options.after === undefined
      ? action === 'DELETE'
        ? null
        : entity(entityIdentifier, blueprint, { environment: 'production', status: 'degraded' })
      : options.after;
  return createMessage(ENTITY_CHANGED_MESSAGE_TYPE, orgId, {
    action,
    resourceType: 'entity' as const,
    trigger: {
      by: { orgId, userId: 'dev@example.com', actorKind: 'user' as const },
      origin: 'API',
      at: '2026-01-02T00:00:00.000Z',
    },
    context: { blueprintIdentifier: blueprint, entityIdentifier, propertyIdentifier: null },
    diff: { before, after },
    ...(options.chainDepth === undefined ? {} : { chainDepth: options.chainDepth }),
  });
}
