import { type AxiosInstance } from 'axios';
import { Client } from 'pg';
import { RecordingSink } from '@flowline/testing';
import { gatewayApi } from './harness/gateway-api';
import { nodeOf, waitForRun } from './harness/runs';
import { RunningSystem } from './harness/system';

const PLAINTEXT = 'tok-9f3Kq-secret-e2e';

/**
 * A secret user input (`encryption: "aes256-gcm"`) is sealed when the submission is accepted, rests sealed
 * in the orchestrator's rows, is shown masked by the API, and is opened only by the executor that renders
 * it into the call; what the target echoes back is masked too.
 */
describe('secret user inputs', () => {
  let system: RunningSystem;
  let sink: RecordingSink;
  let api: AxiosInstance;

  beforeAll(async () => {
    sink = await RecordingSink.start();
    system = await RunningSystem.start({
      services: ['workflows', 'triggers', 'orchestrator', 'executor-webhook'],
    });
    api = gatewayApi(system.gatewayUrl, (await system.createClient('org_e2e_secret_inputs')).accessToken);
  });

  afterAll(async () => {
    await system?.stop();
    await sink?.close();
  });

  it('reach the webhook in clear, and are sealed at rest and masked everywhere the API shows them', async () => {
    const created = await api.post('/v1/workflows', {
      identifier: 'rotate-token',
      title: 'Rotate a token',
      nodes: [
        {
          identifier: 'trigger',
          config: {
            type: 'SELF_SERVE_TRIGGER',
            userInputs: {
              properties: {
                service: { type: 'string' },
                token: { type: 'string', encryption: 'aes256-gcm' },
              },
              required: ['service', 'token'],
            },
          },
        },
        {
          identifier: 'call',
          config: {
            type: 'WEBHOOK',
            url: `${sink.baseUrl}/rotate`,
            synchronized: true,
            body: { service: '{{ .outputs.trigger.service }}', token: '{{ .outputs.trigger.token }}' },
          },
        },
      ],
      connections: [{ sourceIdentifier: 'trigger', targetIdentifier: 'call' }],
    });
    expect(created.status).toBe(201);

    const started = await api.post('/v1/workflows/rotate-token/runs', {
      inputs: { service: 'billing', token: PLAINTEXT },
    });
    expect(started.status).toBe(201);
    expect(JSON.stringify(started.data)).not.toContain(PLAINTEXT);
    const runId = started.data.workflowRun.identifier as string;

    const done = await waitForRun(api, runId);
    expect(done.result).toBe('SUCCESS');
    // The executor opened it for the call…
    const [call] = sink.calls('/rotate');
    const sent: unknown = typeof call.body === 'string' ? JSON.parse(call.body) : call.body;
    expect(sent).toEqual({ service: 'billing', token: PLAINTEXT });
    // …and nothing the API shows has it: the input is masked, and so is the target's echo of it.
    expect(JSON.stringify(done)).not.toContain(PLAINTEXT);
    expect(done.variables.outputs).toMatchObject({ trigger: { service: 'billing', token: '***' } });
    const callRun = done.nodeRuns.find((nodeRun) => nodeOf(nodeRun) === 'call');
    expect(JSON.stringify(callRun?.output)).toContain('***');
    const nodeRunView = await api.get(`/v1/workflows/nodes/runs/${callRun?.identifier}`);
    expect(nodeRunView.status).toBe(200);
    expect(JSON.stringify(nodeRunView.data)).not.toContain(PLAINTEXT);

    // At rest, the orchestrator holds only the sealed form.
    const pg = new Client({ connectionString: process.env['DATABASE_URL'] });
    await pg.connect();
    try {
      const { rows } = await pg.query<{ outputs: Record<string, Record<string, unknown>> }>(
        `select outputs from "${system.schemaOf('orchestrator')}"."runs" where identifier = $1`,
        [runId],
      );
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows[0].outputs)).not.toContain(PLAINTEXT);
      expect(rows[0].outputs['trigger']['token']).toMatch(/^flowline:sealed:v1:[A-Za-z0-9_-]+$/);
    } finally {
      await pg.end();
    }
  });
});
