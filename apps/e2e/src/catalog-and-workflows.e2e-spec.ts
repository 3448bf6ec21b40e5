import { gatewayApi } from './harness/gateway-api';
import { type CreatedClient, RunningSystem } from './harness/system';

/**
 * What a user does first, through the gateway, with every service a separate process: get a token,
 * describe the catalog (a blueprint and an entity), save a workflow, and read it all back.
 */
describe('catalog and workflows through the gateway', () => {
  let system: RunningSystem;
  let client: CreatedClient;
  let accessToken: string;
  const api = () => gatewayApi(system.gatewayUrl, accessToken);

  beforeAll(async () => {
    system = await RunningSystem.start({ services: ['workflows', 'catalog'] });
    client = await system.createClient(`org_e2e_${system.runId}`, 'admin');
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('gets a token with POST /v1/auth/access_token', async () => {
    const answer = await gatewayApi(system.gatewayUrl).post('/v1/auth/access_token', {
      clientId: client.clientId,
      clientSecret: client.clientSecret,
    });
    expect([answer.status, answer.data.ok, answer.data.tokenType]).toEqual([200, true, 'Bearer']);
    accessToken = answer.data.accessToken;
  });

  it('creates a blueprint and reads it back', async () => {
    const created = await api().post('/v1/blueprints', {
      identifier: 'service',
      title: 'Service',
      schema: {
        properties: { language: { type: 'string', title: 'Language' }, tier: { type: 'number' } },
        required: ['language'],
      },
    });
    expect([created.status, created.data]).toEqual([
      201,
      expect.objectContaining({ ok: true, blueprint: expect.objectContaining({ identifier: 'service' }) }),
    ]);

    const read = await api().get('/v1/blueprints/service');
    expect([read.status, read.data.blueprint]).toEqual([
      200,
      expect.objectContaining({
        identifier: 'service',
        title: 'Service',
        schema: expect.objectContaining({ required: ['language'] }),
      }),
    ]);
  });

  it('creates an entity of that blueprint and reads it back', async () => {
    const created = await api().post('/v1/blueprints/service/entities', {
      identifier: 'checkout',
      title: 'Checkout',
      properties: { language: 'typescript', tier: 1 },
    });
    expect([created.status, created.data]).toEqual([
      201,
      expect.objectContaining({ ok: true, entity: expect.objectContaining({ identifier: 'checkout' }) }),
    ]);

    const read = await api().get('/v1/blueprints/service/entities/checkout');
    expect([read.status, read.data]).toEqual([
      200,
      {
        ok: true,
        entity: expect.objectContaining({
          identifier: 'checkout',
          title: 'Checkout',
          blueprint: 'service',
          properties: expect.objectContaining({ language: 'typescript', tier: 1 }),
          createdBy: client.clientId,
        }),
      },
    ]);
  });

  it('creates a workflow and reads it back', async () => {
    const workflow = {
      identifier: 'announce-service',
      title: 'Announce a service',
      nodes: [
        {
          identifier: 'trigger',
          config: {
            type: 'SELF_SERVE_TRIGGER',
            userInputs: {
              properties: { service: { type: 'string', format: 'entity', blueprint: 'service' } },
              required: ['service'],
            },
          },
        },
        {
          identifier: 'announce',
          title: 'Announce',
          config: {
            type: 'WEBHOOK',
            url: 'https://hooks.example.com/announce',
            method: 'POST',
            body: { service: '{{ .outputs.trigger.service }}' },
            synchronized: true,
          },
        },
      ],
      connections: [{ sourceIdentifier: 'trigger', targetIdentifier: 'announce' }],
    };
    const created = await api().post('/v1/workflows', workflow);
    expect([created.status, created.data]).toEqual([
      201,
      expect.objectContaining({
        ok: true,
        workflow: expect.objectContaining({ identifier: 'announce-service' }),
      }),
    ]);

    const read = await api().get('/v1/workflows/announce-service');
    expect([read.status, read.data.ok]).toEqual([200, true]);
    expect(read.data.workflow).toEqual(
      expect.objectContaining({
        identifier: 'announce-service',
        title: 'Announce a service',
        version: 1,
        nodes: [
          expect.objectContaining({ identifier: 'trigger' }),
          expect.objectContaining({
            identifier: 'announce',
            config: expect.objectContaining({ type: 'WEBHOOK', url: 'https://hooks.example.com/announce' }),
          }),
        ],
        connections: [expect.objectContaining({ sourceIdentifier: 'trigger', targetIdentifier: 'announce' })],
      }),
    );
  });

  it("keeps another org's caller out of this org's catalog and workflows (404)", async () => {
    const outsider = await system.createClient(`org_e2e_${system.runId}_other`, 'admin');
    const other = gatewayApi(system.gatewayUrl, outsider.accessToken);
    expect((await other.get('/v1/blueprints/service/entities/checkout')).status).toBe(404);
    expect((await other.get('/v1/workflows/announce-service')).status).toBe(404);
  });
});
