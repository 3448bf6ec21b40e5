import { node, problemsOf, selfServeTrigger } from '../../__fixtures__/builders';
import { validateWorkflow } from '../../validation/validate-workflow';
import { workflowJsonSchema } from '../../json-schema';

const at = 'nodes[1].config';

function approvalWorkflow(config: Record<string, unknown>, connections?: unknown[]) {
  return {
    identifier: 'wf',
    nodes: [
      selfServeTrigger(),
      node('approval', { type: 'INPUT', approvers: { users: ['alice@example.com'] }, ...config }),
      node('deploy', { type: 'WEBHOOK', url: 'https://x.io/deploy' }),
      node('notify', { type: 'WEBHOOK', url: 'https://x.io/declined' }),
    ],
    connections: connections ?? [
      { identifier: 'c-start', sourceIdentifier: 'trigger', targetIdentifier: 'approval' },
      { identifier: 'c-approve', sourceIdentifier: 'approval', targetIdentifier: 'deploy' },
      { identifier: 'c-decline', sourceIdentifier: 'approval', targetIdentifier: 'notify' },
    ],
  };
}

const outlets = [
  { decision: 'APPROVE', connectionIdentifier: 'c-approve' },
  { decision: 'DECLINE', connectionIdentifier: 'c-decline' },
];

describe('INPUT (approval)', () => {
  it('accepts the full approval config and fills the defaults', async () => {
    const result = await validateWorkflow(
      approvalWorkflow({
        description: 'Production deploy',
        approvers: { users: ['alice@example.com'], roles: ['Admin'], teams: ['platform'] },
        quorum: { count: 2 },
        timeoutSeconds: 86400,
        notify: { url: 'https://hooks.example.com/approvals' },
        outlets,
        defaultConnectionIdentifier: 'c-decline',
      }),
    );
    expect(result.problems).toEqual([]);
    const minimal = await validateWorkflow(approvalWorkflow({ outlets }));
    expect(minimal.workflow?.nodes[1].config).toEqual({
      type: 'INPUT',
      inputType: 'APPROVAL',
      quorum: 'ANY',
      approvers: { users: ['alice@example.com'] },
      outlets,
    });
  });

  it('reports bad fields with their paths', async () => {
    const problems = await problemsOf(
      approvalWorkflow({
        inputType: 'TEXT',
        approvers: { users: [''], roles: 'Admin' },
        quorum: { count: 0 },
        timeoutSeconds: 0,
        notify: { url: 'not a url' },
        outlets: [{ decision: 'MAYBE', connectionIdentifier: 'c-approve' }, ...outlets.slice(1)],
      }),
    );
    expect(problems).toEqual([
      `INVALID_FIELD ${at}.approvers.roles`,
      `INVALID_FIELD ${at}.approvers.users`,
      `INVALID_FIELD ${at}.inputType`,
      `INVALID_FIELD ${at}.notify.url`,
      `INVALID_FIELD ${at}.outlets[0].decision`,
      `INVALID_FIELD ${at}.quorum`,
      `INVALID_FIELD ${at}.timeoutSeconds`,
    ]);
  });

  it('needs an approver, and a count the listed users can reach', async () => {
    expect(await problemsOf(approvalWorkflow({ approvers: {}, outlets }))).toEqual([
      `INVALID_FIELD ${at}.approvers`,
    ]);
    expect(await problemsOf(approvalWorkflow({ quorum: { count: 2 }, outlets }))).toEqual([
      `INVALID_FIELD ${at}.quorum.count`,
    ]);
    const withRole = { users: ['a'], roles: ['admin'] };
    expect(
      await problemsOf(approvalWorkflow({ approvers: withRole, quorum: { count: 2 }, outlets })),
    ).toEqual([]);
  });

  it('routes every outlet to a connection leaving the node, one outlet per decision', async () => {
    const problems = await problemsOf(
      approvalWorkflow({
        outlets: [
          { decision: 'APPROVE', connectionIdentifier: 'c-start' },
          { decision: 'APPROVE', connectionIdentifier: 'c-nowhere' },
        ],
        defaultConnectionIdentifier: 'c-decline',
      }),
    );
    expect(problems).toEqual([
      `DUPLICATE_OUTLET ${at}.outlets[1].decision`,
      `UNKNOWN_OUTLET_CONNECTION ${at}.outlets[0].connectionIdentifier`,
      `UNKNOWN_OUTLET_CONNECTION ${at}.outlets[1].connectionIdentifier`,
      'UNROUTED_INPUT_CONNECTION connections[1]',
    ]);
  });

  it('takes no option or fallback on its connections', async () => {
    const connections = [
      { identifier: 'c-start', sourceIdentifier: 'trigger', targetIdentifier: 'approval' },
      { identifier: 'c-approve', sourceIdentifier: 'approval', targetIdentifier: 'deploy', fallback: true },
      { identifier: 'c-decline', sourceIdentifier: 'approval', targetIdentifier: 'notify' },
    ];
    expect(await problemsOf(approvalWorkflow({ outlets }, connections))).toEqual([
      'NOT_A_CONDITION_EDGE connections[1].fallback',
    ]);
  });

  it('is part of the JSON Schema', () => {
    const schema = workflowJsonSchema() as { definitions: Record<string, { properties?: object }> };
    expect(Object.keys(schema.definitions.InputConfig.properties ?? {})).toEqual(
      expect.arrayContaining(['approvers', 'quorum', 'outlets', 'defaultConnectionIdentifier', 'notify']),
    );
    expect(schema.definitions.InputOutlet).toBeDefined();
  });
});
