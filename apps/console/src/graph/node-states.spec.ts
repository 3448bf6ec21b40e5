import type { Approval, NodeRun, Run, Workflow } from '../api/types';
import { layoutWorkflow } from './graph-layout';
import { edgeKey, runGraphState } from './node-states';

const deploy: Workflow = {
  identifier: 'deploy-service',
  nodes: [
    { identifier: 'trigger', config: { type: 'SELF_SERVE_TRIGGER' } },
    { identifier: 'check-env', config: { type: 'CONDITION' } },
    { identifier: 'deploy-prod', config: { type: 'WEBHOOK' } },
    { identifier: 'deploy-non-prod', config: { type: 'WEBHOOK' } },
    { identifier: 'record-deployment', config: { type: 'UPSERT_ENTITY' } },
  ],
  connections: [
    { sourceIdentifier: 'trigger', targetIdentifier: 'check-env' },
    { sourceIdentifier: 'check-env', targetIdentifier: 'deploy-prod', sourceOptionIdentifier: 'production' },
    {
      sourceIdentifier: 'check-env',
      targetIdentifier: 'deploy-non-prod',
      sourceOptionIdentifier: 'non-production',
    },
    { sourceIdentifier: 'deploy-prod', targetIdentifier: 'record-deployment' },
    { sourceIdentifier: 'deploy-non-prod', targetIdentifier: 'record-deployment' },
  ],
};

function nodeRun(node: string, status: string, result: string | null, extra: Partial<NodeRun> = {}): NodeRun {
  return {
    identifier: `wfnr_${node}`,
    node: { identifier: node },
    status,
    result,
    output: {},
    nodeRunLogs: [],
    createdAt: null,
    completedAt: null,
    ...extra,
  };
}

function run(nodeRuns: NodeRun[], extra: Partial<Run> = {}): Run {
  return {
    identifier: 'wfr_1',
    status: 'IN_PROGRESS',
    result: null,
    workflow: { identifier: 'deploy-service', version: 1 },
    createdAt: null,
    completedAt: null,
    nodeRuns,
    ...extra,
  };
}

const done = (node: string, extra: Partial<NodeRun> = {}) => nodeRun(node, 'COMPLETED', 'SUCCESS', extra);
const production = done('check-env', { output: { selectedOption: 'production', fallback: false } });

describe('runGraphState', () => {
  it('colours the production path green and skips the staging branch once the condition chose', () => {
    const state = runGraphState(
      deploy,
      run([done('trigger'), production, done('deploy-prod'), done('record-deployment')], {
        status: 'COMPLETED',
        result: 'SUCCESS',
      }),
    );
    expect(state.nodes).toEqual({
      trigger: 'succeeded',
      'check-env': 'succeeded',
      'deploy-prod': 'succeeded',
      'deploy-non-prod': 'skipped',
      'record-deployment': 'succeeded',
    });
    expect(state.chosenOptions).toEqual({ 'check-env': 'production' });
    const [, toProd, toStaging, fromProd, fromStaging] = deploy.connections.map(edgeKey);
    expect(state.edges[toProd]).toBe('taken');
    expect(state.edges[toStaging]).toBe('not-taken');
    expect(state.edges[fromProd]).toBe('taken');
    expect(state.edges[fromStaging]).toBe('not-taken');
  });

  it('shows a running node, and nodes after it as not reached yet', () => {
    const state = runGraphState(
      deploy,
      run([done('trigger'), production, nodeRun('deploy-prod', 'IN_PROGRESS', null)]),
    );
    expect(state.nodes['deploy-prod']).toBe('running');
    expect(state.nodes['record-deployment']).toBe('not-reached');
    expect(state.nodes['deploy-non-prod']).toBe('skipped');
  });

  it('shows a node waiting for a retry, a report or a queue slot as waiting', () => {
    const retrying = nodeRun('deploy-prod', 'IN_PROGRESS', null, {
      attempts: [
        {
          attempt: 1,
          status: 'COMPLETED',
          result: 'FAILED',
          error: '503',
          startedAt: null,
          completedAt: null,
          logs: [],
        },
      ],
    });
    expect(runGraphState(deploy, run([done('trigger'), production, retrying])).nodes['deploy-prod']).toBe(
      'waiting',
    );
    const queued = runGraphState(deploy, run([nodeRun('trigger', 'IN_PROGRESS', null)], { queued: true }));
    expect(queued.nodes['trigger']).toBe('waiting');
  });

  it('shows an approval waiting for a decision as waiting, and as succeeded once decided', () => {
    const approval: Approval = {
      status: 'WAITING_FOR_APPROVAL',
      decision: null,
      description: 'Deploy?',
      approvers: { users: ['alice@acme.io'], roles: [], teams: [] },
      quorum: 'ANY',
      decisions: [],
      timeoutAt: null,
    };
    // Nothing was dispatched: no attempts, no output, yet it is not running either.
    const waiting = nodeRun('deploy-prod', 'IN_PROGRESS', null, { approval });
    expect(runGraphState(deploy, run([done('trigger'), production, waiting])).nodes['deploy-prod']).toBe(
      'waiting',
    );
    const approved = nodeRun('deploy-prod', 'COMPLETED', 'SUCCESS', {
      approval: { ...approval, status: 'APPROVE', decision: 'APPROVE' },
    });
    expect(runGraphState(deploy, run([done('trigger'), production, approved])).nodes['deploy-prod']).toBe(
      'succeeded',
    );
  });

  it('marks a failed node and leaves what follows it not reached (not skipped)', () => {
    const state = runGraphState(
      deploy,
      run([done('trigger'), production, nodeRun('deploy-prod', 'COMPLETED', 'FAILED')], {
        status: 'COMPLETED',
        result: 'FAILED',
      }),
    );
    expect(state.nodes['deploy-prod']).toBe('failed');
    expect(state.nodes['record-deployment']).toBe('not-reached');
  });

  it('reads the chosen option from the log line when variables reshaped the output', () => {
    const reshaped = done('check-env', {
      output: { env: 'staging' },
      nodeRunLogs: [{ logLevel: 'INFO', log: 'option "non-production" matched', createdAt: null }],
    });
    const state = runGraphState(deploy, run([done('trigger'), reshaped]));
    expect(state.chosenOptions['check-env']).toBe('non-production');
    expect(state.nodes['deploy-prod']).toBe('skipped');
  });

  it('follows the fallback edge when no option matched', () => {
    const withFallback: Workflow = {
      ...deploy,
      connections: [
        ...deploy.connections,
        { sourceIdentifier: 'check-env', targetIdentifier: 'record-deployment' },
      ],
    };
    const none = done('check-env', { output: { selectedOption: null, fallback: true } });
    const state = runGraphState(withFallback, run([done('trigger'), none]));
    expect(state.nodes['deploy-prod']).toBe('skipped');
    expect(state.nodes['deploy-non-prod']).toBe('skipped');
    expect(state.nodes['record-deployment']).toBe('not-reached');
    expect(state.edges[edgeKey(withFallback.connections[5])]).toBe('pending');
  });
});

describe('layoutWorkflow', () => {
  it('places the nodes left to right and labels condition outlets', () => {
    const layout = layoutWorkflow(deploy);
    const x = (id: string) => layout.nodes.find((node) => node.identifier === id)?.x ?? NaN;
    expect(x('trigger')).toBeLessThan(x('check-env'));
    expect(x('check-env')).toBeLessThan(x('deploy-prod'));
    expect(x('deploy-prod')).toBeLessThan(x('record-deployment'));
    expect(layout.edges.map((edge) => edge.label)).toEqual([
      null,
      'production',
      'non-production',
      null,
      null,
    ]);
  });
});
