import { type AxiosInstance } from 'axios';
import { TestKafka, waitFor } from '@flowline/testing';
import {
  createAction,
  runAction,
  selfService,
  SERVICE_BLUEPRINT,
  waitForActionRun,
} from './harness/action-api';
import { gatewayApi } from './harness/gateway-api';
import { RunningSystem } from './harness/system';

const ORG = 'org_e2e_action_backends';

/** Self-service actions whose backend is KAFKA or UPSERT_ENTITY, every service a process behind the gateway. */
describe('actions with the kafka and upsert-entity backends', () => {
  let system: RunningSystem;
  let kafka: TestKafka;
  let api: AxiosInstance;

  beforeAll(async () => {
    system = await RunningSystem.start({
      services: [
        'workflows',
        'catalog',
        'triggers',
        'orchestrator',
        'executor-kafka',
        'executor-upsert-entity',
      ],
    });
    api = gatewayApi(system.gatewayUrl, (await system.createClient(ORG)).accessToken);
    kafka = new TestKafka((process.env['KAFKA_BROKERS'] ?? '').split(','));
    expect((await api.post('/v1/blueprints', SERVICE_BLUEPRINT)).status).toBe(201);
  }, 180_000);

  afterAll(async () => {
    await kafka?.close();
    await system?.stop();
  });

  it('KAFKA: Port’s run message on the org’s runs topic; the run waits for its consumer', async () => {
    await createAction(api, {
      identifier: 'kafka-action',
      trigger: selfService({ properties: { size: { type: 'number' } }, required: [] }),
      invocationMethod: { type: 'KAFKA' },
    });
    const id = (await runAction(api, 'kafka-action', { properties: { size: 3 } }))['id'] as string;
    const topic = `${system.topicPrefix}${ORG}.runs`;
    // The executor creates the org's topic with its first message: read it once it exists.
    const received = await waitFor(() => kafka.collect(topic).catch(() => undefined), {
      timeoutMs: 30_000,
      description: `a reader of ${topic}`,
    });
    const message = await waitFor(() => received.find((candidate) => candidate.value?.includes(id)), {
      timeoutMs: 30_000,
      description: `the run message of ${id} on ${topic}`,
    });
    expect(message.json).toMatchObject({
      payload: {
        action: 'kafka-action',
        resourceType: 'run',
        status: 'TRIGGERED',
        context: { entity: null, blueprint: 'service', runId: id },
        payload: { properties: { size: 3 } },
      },
    });
    // The run's payload is the message its backend published, once the executor reported it.
    const reported = await waitFor(async () => {
      const answer = await api.get(`/v1/actions/runs/${id}`);
      return answer.data.run.payload !== null ? answer.data.run : undefined;
    });
    expect(reported).toMatchObject({ status: 'IN_PROGRESS', payload: message.json });
    expect((await api.patch(`/v1/actions/runs/${id}`, { status: 'SUCCESS' })).data.run.status).toBe(
      'SUCCESS',
    );
  });

  it('UPSERT_ENTITY: the entity is written from the inputs', async () => {
    await createAction(api, {
      identifier: 'register-service',
      trigger: selfService({ properties: { name: { type: 'string' } }, required: ['name'] }),
      invocationMethod: {
        type: 'UPSERT_ENTITY',
        blueprintIdentifier: 'service',
        mapping: {
          identifier: '{{ .inputs.name }}',
          properties: { tier: 'bronze', version: '{{ .run.id }}' },
        },
      },
    });
    const id = (await runAction(api, 'register-service', { properties: { name: 'payments' } }))[
      'id'
    ] as string;
    await waitForActionRun(api, id, 'SUCCESS');
    const entity = await api.get('/v1/blueprints/service/entities/payments');
    expect([entity.status, entity.data.entity?.properties]).toEqual([200, { tier: 'bronze', version: id }]);
  });
});
