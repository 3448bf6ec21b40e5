import { type AxiosInstance } from 'axios';
import { RecordingSink, waitFor } from '@flowline/testing';
import {
  createAction,
  runAction,
  selfService,
  SERVICE_BLUEPRINT,
  waitForActionRun,
} from './harness/action-api';
import { gatewayApi } from './harness/gateway-api';
import { type CreatedClient, RunningSystem } from './harness/system';

const ORG = 'org_e2e_action_approval';

/**
 * An action with `requiredApproval` runs as trigger → approval (INPUT) → backend, every service a process
 * behind the gateway: it waits in WAITING_FOR_APPROVAL, runs its backend once approved, and ends
 * DECLINED with the reason when declined.
 */
describe('actions that need an approval', () => {
  let system: RunningSystem;
  let sink: RecordingSink;
  let admin: AxiosInstance;
  let portal: CreatedClient;

  /** Alice, a user the portal backend acts for. */
  const alice = () => {
    const api = gatewayApi(system.gatewayUrl, portal.accessToken);
    Object.assign(api.defaults.headers.common, { 'actor-id': 'u-alice', 'actor-email': 'alice@acme.io' });
    return api;
  };

  beforeAll(async () => {
    sink = await RecordingSink.start();
    system = await RunningSystem.start({
      services: ['workflows', 'catalog', 'triggers', 'orchestrator', 'executor-webhook'],
    });
    admin = gatewayApi(system.gatewayUrl, (await system.createClient(ORG, 'admin')).accessToken);
    portal = await system.createClient(ORG, 'portal-backend');
    expect((await admin.post('/v1/blueprints', SERVICE_BLUEPRINT)).status).toBe(201);
    await createAction(admin, {
      identifier: 'guarded-deploy',
      trigger: selfService({ properties: { version: { type: 'string' } }, required: [] }),
      invocationMethod: {
        type: 'WEBHOOK',
        url: `${sink.baseUrl}/actions/guarded`,
        synchronized: true,
        body: { runId: '{{ .run.id }}', version: '{{ .inputs.version }}' },
      },
      requiredApproval: { type: 'ANY' },
    });
    const approvers = await admin.patch('/v1/actions/guarded-deploy/permissions', {
      approve: { users: ['alice@acme.io'], roles: [], teams: [] },
    });
    expect(approvers.status).toBe(200);
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
    await sink?.close();
  });

  it('waits for approval, then runs its backend once an approver approves', async () => {
    const id = (await runAction(admin, 'guarded-deploy', { properties: { version: '1.0.0' } }))[
      'id'
    ] as string;
    const waiting = await waitForActionRun(admin, id, 'WAITING_FOR_APPROVAL');
    expect(waiting).toMatchObject({ requiredApproval: true });
    expect(sink.calls('/actions/guarded').filter((call) => call.body.includes(id))).toEqual([]);

    const decided = await alice().patch(`/v1/actions/runs/${id}/approval`, { status: 'APPROVE' });
    expect(decided.status).toBe(201);
    await waitForActionRun(admin, id, 'SUCCESS');
    const call = await waitFor(() => sink.calls('/actions/guarded').find((one) => one.body.includes(id)));
    expect(JSON.parse(call.body)).toEqual({ runId: id, version: '1.0.0' });
  });

  it('ends DECLINED with the approver’s reason, without calling the backend', async () => {
    const id = (await runAction(admin, 'guarded-deploy', { properties: { version: '2.0.0' } }))[
      'id'
    ] as string;
    await waitForActionRun(admin, id, 'WAITING_FOR_APPROVAL');
    const decided = await alice().patch(`/v1/actions/runs/${id}/approval`, {
      status: 'DECLINE',
      description: 'freeze week',
    });
    expect(decided.status).toBe(201);
    const declined = await waitForActionRun(admin, id, 'DECLINED');
    expect(declined['approval']).toMatchObject({ decision: 'DECLINE', description: 'freeze week' });
    expect(sink.calls('/actions/guarded').filter((call) => call.body.includes(id))).toEqual([]);
  });
});
