import { type ActionDefinition } from './action-definition';
import { actionPathOf, actionWorkflowOf, backendConfigOf, rootTemplatesAt } from './action-graph';

const webhookAction = (overrides: Partial<ActionDefinition> = {}): ActionDefinition => ({
  identifier: 'deploy',
  title: 'Deploy',
  trigger: {
    type: 'self-service',
    operation: 'DAY-2',
    userInputs: { properties: { version: { type: 'string' } }, required: [] },
    blueprintIdentifier: 'service',
  },
  invocationMethod: {
    type: 'WEBHOOK',
    url: 'https://ci.example.com/deploy',
    body: { v: '{{ .inputs.version }}' },
  },
  ...overrides,
});

describe('actionWorkflowOf', () => {
  it('makes a self-service action the two-node workflow action:<id>, trigger → backend', () => {
    const workflow = actionWorkflowOf(webhookAction(), { approvals: false });
    expect(workflow).toMatchObject({
      identifier: 'action:deploy',
      title: 'Deploy',
      nodes: [
        {
          identifier: 'trigger',
          config: {
            type: 'SELF_SERVE_TRIGGER',
            userInputs: { properties: { version: { type: 'string' } } },
            published: true,
          },
        },
        { identifier: 'backend', config: { type: 'WEBHOOK', url: 'https://ci.example.com/deploy' } },
      ],
      connections: [{ sourceIdentifier: 'trigger', targetIdentifier: 'backend' }],
    });
  });

  it('reads every template of the backend from Port’s trigger data', () => {
    const workflow = actionWorkflowOf(webhookAction(), { approvals: false });
    const backend = (workflow['nodes'] as Array<{ config: { body: { v: string } } }>)[1];
    expect(backend.config.body.v).toBe(
      '{{ (.outputs.trigger + {run: {id: ("r_" + (.workflowRun.identifier | ltrimstr("wfr_")))}, secrets: .secrets}) | (.inputs.version) }}',
    );
  });

  it('makes an automation an EVENT_TRIGGER with its condition, TIMER_PROPERTY_EXPIRED as TIMER_EXPIRED', () => {
    const condition = {
      type: 'JQ' as const,
      expressions: ['.diff.after.properties.x == 1'],
      combinator: 'and' as const,
    };
    const workflow = actionWorkflowOf(
      webhookAction({
        trigger: {
          type: 'automation',
          event: {
            type: 'TIMER_PROPERTY_EXPIRED',
            blueprintIdentifier: 'service',
            propertyIdentifier: 'ttl',
          } as never,
          condition,
        },
        publish: false,
      }),
      { approvals: false },
    );
    expect((workflow['nodes'] as unknown[])[0]).toEqual({
      identifier: 'trigger',
      title: 'Deploy',
      config: {
        type: 'EVENT_TRIGGER',
        event: { type: 'TIMER_EXPIRED', blueprintIdentifier: 'service', propertyIdentifier: 'ttl' },
        condition,
        published: false,
      },
    });
  });

  it('puts the approval step between trigger and backend, only APPROVE connected (the approvals contract)', () => {
    const workflow = actionWorkflowOf(webhookAction({ requiredApproval: { type: 'ALL' } }), {
      approvals: true,
      approvers: { users: ['lead@example.com'], teams: ['platform'] },
    });
    expect(workflow['nodes']).toEqual([
      expect.objectContaining({ identifier: 'trigger' }),
      {
        identifier: 'approval',
        title: 'Approval',
        config: {
          type: 'INPUT',
          inputType: 'APPROVAL',
          approvers: { users: ['lead@example.com'], roles: [], teams: ['platform'] },
          quorum: 'ALL',
          outlets: [{ decision: 'APPROVE', connectionIdentifier: 'c-approve' }],
        },
      },
      expect.objectContaining({ identifier: 'backend' }),
    ]);
    expect(workflow['connections']).toEqual([
      { sourceIdentifier: 'trigger', targetIdentifier: 'approval' },
      { identifier: 'c-approve', sourceIdentifier: 'approval', targetIdentifier: 'backend' },
    ]);
    const any = actionWorkflowOf(webhookAction({ requiredApproval: true }), { approvals: true });
    expect((any['nodes'] as Array<{ config: Record<string, unknown> }>)[1].config).toMatchObject({
      quorum: 'ANY',
      // Nobody named yet: the org's admins approve.
      approvers: { users: [], roles: ['admin'], teams: [] },
    });
  });
});

describe('backendConfigOf', () => {
  it('applies Port’s defaults: async webhooks and Kafka, the default run message, GitHub reporting on', () => {
    expect(backendConfigOf({ type: 'WEBHOOK', url: 'https://x.example.com', agent: false })).toMatchObject({
      type: 'WEBHOOK',
      synchronized: false,
      body: { resourceType: 'run', status: 'TRIGGERED', context: { runId: '{{ .run.id }}' } },
    });
    expect(
      backendConfigOf({ type: 'WEBHOOK', url: 'https://x.example.com', agent: false }),
    ).not.toHaveProperty('agent');
    expect(backendConfigOf({ type: 'KAFKA' })).toMatchObject({
      synchronized: false,
      payload: { action: '{{ .action.identifier }}' },
    });
    expect(backendConfigOf({ type: 'GITHUB', org: 'o', repo: 'r', workflow: 'w.yml' })).toMatchObject({
      reportWorkflowStatus: true,
    });
  });
});

describe('rootTemplatesAt', () => {
  it('rewrites every template, in keys and mixed text, and leaves plain values alone', () => {
    expect(rootTemplatesAt({ '{{ .a }}-k': ['x {{ .b }} y {{ .c }}', 3, null] }, '$R')).toEqual({
      '{{ $R | (.a) }}-k': ['x {{ $R | (.b) }} y {{ $R | (.c) }}', 3, null],
    });
  });
});

describe('actionPathOf', () => {
  it('maps the graph’s problem paths onto the action’s', () => {
    expect(actionPathOf('nodes[1].config.url')).toBe('invocationMethod.url');
    expect(actionPathOf('nodes[0].config.userInputs.properties.x')).toBe('trigger.userInputs.properties.x');
    expect(actionPathOf('title')).toBe('title');
  });
});
