import type { Json } from './deploy-workflow';

/**
 * trigger → approval (an INPUT node the given users approve, two approvals needed) → deploy (a webhook
 * to the sink). Anyone in the org may view its runs, so a user who did not start a run can decide it.
 */
export function approveThenDeploy(identifier: string, sinkUrl: string, approvers: string[]): Json {
  return {
    identifier,
    title: identifier,
    allowAnyoneToViewRuns: true,
    nodes: [
      { identifier: 'trigger', config: { type: 'SELF_SERVE_TRIGGER', userInputs: { properties: {} } } },
      {
        identifier: 'approval',
        title: 'Approve deploy',
        config: {
          type: 'INPUT',
          inputType: 'APPROVAL',
          description: 'Deploy checkout to production?',
          approvers: { users: approvers },
          quorum: { count: 2 },
          outlets: [{ decision: 'APPROVE', connectionIdentifier: 'c-approve' }],
        },
      },
      {
        identifier: 'deploy',
        config: { type: 'WEBHOOK', url: `${sinkUrl}/deploy/approved`, body: { approved: true } },
      },
    ],
    connections: [
      { identifier: 'c-start', sourceIdentifier: 'trigger', targetIdentifier: 'approval' },
      { identifier: 'c-approve', sourceIdentifier: 'approval', targetIdentifier: 'deploy' },
    ],
  };
}
