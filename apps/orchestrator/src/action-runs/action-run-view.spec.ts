import {
  actionRunStatusOf,
  toActionRunView,
  type NodeRunView,
  type WorkflowRunView,
} from './action-run-view';

const nodeRun = (identifier: string, fields: Partial<NodeRunView> = {}): NodeRunView => ({
  identifier: `wfnr_${identifier.padEnd(16, 'x')}`,
  node: { identifier },
  status: 'COMPLETED',
  result: 'SUCCESS',
  output: {},
  externalRunId: null,
  ...fields,
});

const run = (fields: Partial<WorkflowRunView> = {}): WorkflowRunView => ({
  identifier: 'wfr_a1B2c3D4e5F6g7H8',
  title: 'Deploy',
  icon: null,
  status: 'IN_PROGRESS',
  result: null,
  workflow: { identifier: 'action:deploy', version: 1 },
  createdBy: 'dev@example.com',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:01.000Z',
  completedAt: null,
  variables: {
    outputs: {
      trigger: {
        inputs: { version: '1.2.3' },
        trigger: { origin: 'API' },
        entity: { identifier: 'checkout', title: 'Checkout', blueprint: 'service' },
        action: { identifier: 'deploy', blueprint: 'service' },
      },
    },
  },
  nodeRuns: [nodeRun('trigger')],
  ...fields,
});

describe('actionRunStatusOf', () => {
  it('maps the workflow run onto Port’s action-run statuses', () => {
    expect(actionRunStatusOf(run())).toBe('IN_PROGRESS');
    expect(actionRunStatusOf(run({ status: 'COMPLETED', result: 'SUCCESS' }))).toBe('SUCCESS');
    expect(actionRunStatusOf(run({ status: 'COMPLETED', result: 'FAILED' }))).toBe('FAILURE');
    expect(actionRunStatusOf(run({ status: 'COMPLETED', result: 'CANCELLED' }))).toBe('FAILURE');
  });

  it('shows a pending approval step as WAITING_FOR_APPROVAL and a declined one as DECLINED', () => {
    const waiting = nodeRun('approval', { status: 'IN_PROGRESS', result: null });
    expect(actionRunStatusOf(run({ nodeRuns: [nodeRun('trigger'), waiting] }))).toBe('WAITING_FOR_APPROVAL');
    const declined = nodeRun('approval', { output: { decision: 'DECLINE', description: 'not today' } });
    const ended = run({ status: 'COMPLETED', result: 'SUCCESS', nodeRuns: [nodeRun('trigger'), declined] });
    expect(actionRunStatusOf(ended)).toBe('DECLINED');
    expect(toActionRunView(ended, null).approval).toMatchObject({
      decision: 'DECLINE',
      description: 'not today',
    });
  });
});

describe('toActionRunView', () => {
  it('is Port’s run: r_ id, action, entity, properties, response and the reported fields', () => {
    const backend = nodeRun('backend', {
      output: { response: { status: 200, data: { ok: 1 } } },
      externalRunId: 'ci-7',
    });
    const view = toActionRunView(
      run({
        status: 'COMPLETED',
        result: 'SUCCESS',
        completedAt: '2026-01-01T00:00:02.000Z',
        nodeRuns: [nodeRun('trigger'), backend],
      }),
      {
        orgId: 'org_a',
        runIdentifier: 'wfr_a1B2c3D4e5F6g7H8',
        statusLabel: 'deployed',
        summary: 'fine',
        link: 'https://ci.example.com/7',
        terminatedAt: null,
        updatedAt: new Date('2026-01-01T00:00:03.000Z'),
      },
    );
    expect(view).toMatchObject({
      id: 'r_a1B2c3D4e5F6g7H8',
      action: { identifier: 'deploy', title: 'Deploy', deleted: false },
      blueprint: { identifier: 'service' },
      entity: { identifier: 'checkout', title: 'Checkout' },
      properties: { version: '1.2.3' },
      status: 'SUCCESS',
      statusLabel: 'deployed',
      summary: 'fine',
      link: 'https://ci.example.com/7',
      source: 'API',
      requiredApproval: false,
      response: { status: 200, data: { ok: 1 } },
      externalRunId: 'ci-7',
      endedAt: '2026-01-01T00:00:02.000Z',
      updatedAt: '2026-01-01T00:00:03.000Z',
    });
  });

  it('shows what the backend was invoked with as payload, apart from the response; null when unknown', () => {
    const backendWith = (output: Record<string, unknown>) =>
      toActionRunView(run({ nodeRuns: [nodeRun('trigger'), nodeRun('backend', { output })] }), null);
    const kafka = backendWith({ topic: 'org_a.runs', messageId: 'msg_1', request: { payload: { a: 1 } } });
    expect(kafka).toMatchObject({
      payload: { payload: { a: 1 } },
      response: { topic: 'org_a.runs', messageId: 'msg_1' },
    });
    expect(kafka.response).not.toHaveProperty('request');
    const webhook = backendWith({ response: { status: 200 }, request: { service: 'checkout' } });
    expect(webhook).toMatchObject({ payload: { service: 'checkout' }, response: { status: 200 } });
    expect(backendWith({ created: true }).payload).toBeNull();
  });

  it('reads an automation’s entity from its event', () => {
    const event = {
      action: 'UPDATE',
      diff: { before: null, after: { identifier: 'billing', blueprint: 'service' } },
    };
    const view = toActionRunView(run({ variables: { outputs: { trigger: event } } }), null);
    expect(view).toMatchObject({ source: 'AUTOMATION', entity: { identifier: 'billing' }, properties: {} });
  });
});
