import { type AxiosInstance } from 'axios';
import { type RecordingSink } from '@flowline/testing';
import { deployWithCondition } from './deploy-workflow';

interface DryRunNode {
  identifier: string;
  result: string;
  selectedOption?: string | null;
  request?: { url?: string; headers?: Record<string, string>; body?: unknown };
  error?: { node: string; path: string | null; expression: string | null; message: string };
}

/**
 * `POST /v1/workflows/{id}/dry-run` through the gateway: the path a run would take and what each node
 * would send, with no run recorded and nothing sent. Registered inside the console's e2e file so the
 * API checks share its one system.
 */
export function describeDryRun(context: () => { api: AxiosInstance; sink: RecordingSink }): void {
  describe('dry-run through the API', () => {
    const inputs = (environment: string) => ({ service: 'payments', version: '1.4.2', environment });

    async function dryRun(workflow: string, body: Record<string, unknown>) {
      const response = await context().api.post(`/v1/workflows/${workflow}/dry-run`, body);
      expect([response.status, response.data.ok]).toEqual([200, true]);
      const nodes = response.data.dryRun.nodes as DryRunNode[];
      return { ...response.data.dryRun, node: (id: string) => nodes.find((n) => n.identifier === id) };
    }

    beforeAll(async () => {
      const created = await context().api.post(
        '/v1/workflows',
        deployWithCondition('dry-deploy', `${context().sink.baseUrl}/dry`),
      );
      expect(created.status).toBe(201);
    });

    it('takes the production branch for production inputs, with the rendered bodies and secrets by name', async () => {
      const result = await dryRun('dry-deploy', { inputs: inputs('production') });
      expect(result.result).toBe('SUCCESS');
      expect(result.path).toEqual(['trigger', 'check-env', 'deploy-prod', 'record-deployment']);
      expect(result.notReached).toEqual(['deploy-non-prod']);
      expect(result.node('check-env')?.selectedOption).toBe('production');
      expect(result.node('deploy-prod')?.request).toMatchObject({
        url: `${context().sink.baseUrl}/dry/deploy/production`,
        headers: { Authorization: 'Bearer [secret:deploy-token]' },
        body: { service: 'payments', version: '1.4.2' },
      });
      expect(result.node('record-deployment')?.request?.body).toMatchObject({
        identifier: 'payments',
        properties: { lastDeployedVersion: '1.4.2' },
      });
    });

    it('takes the staging branch for staging inputs', async () => {
      const result = await dryRun('dry-deploy', { inputs: inputs('staging') });
      expect(result.path).toEqual(['trigger', 'check-env', 'deploy-non-prod', 'record-deployment']);
      expect(result.notReached).toEqual(['deploy-prod']);
      expect(result.node('check-env')?.selectedOption).toBe('non-production');
      expect(result.node('deploy-non-prod')?.request).toMatchObject({
        url: `${context().sink.baseUrl}/dry/deploy/staging`,
        body: { service: 'payments', version: '1.4.2' },
      });
    });

    it('names the node and the template position of a template that fails', async () => {
      const broken = deployWithCondition('dry-broken', `${context().sink.baseUrl}/dry`, {
        'deploy-prod': {
          config: {
            type: 'WEBHOOK',
            url: `${context().sink.baseUrl}/dry/deploy/production`,
            method: 'POST',
            body: { replicas: '{{ .outputs.trigger.version | tonumber }}' },
          },
        },
      });
      expect((await context().api.post('/v1/workflows', broken)).status).toBe(201);
      const result = await dryRun('dry-broken', { inputs: inputs('production') });
      expect(result.result).toBe('FAILED');
      expect(result.path).toEqual(['trigger', 'check-env', 'deploy-prod']);
      expect(result.node('deploy-prod')?.error).toMatchObject({
        node: 'deploy-prod',
        path: 'config.body.replicas',
        expression: '.outputs.trigger.version | tonumber',
      });
    });

    it('records no run and sends nothing to the sink', async () => {
      const runs = await context().api.get('/v1/workflows/runs', {
        params: { 'workflowIdentifiers[]': 'dry-deploy' },
      });
      expect([runs.status, runs.data.workflowRuns]).toEqual([200, []]);
      expect(context().sink.requests.filter((request) => request.path.startsWith('/dry/'))).toEqual([]);
    });

    it('answers 422 for a malformed body and 404 for an unknown workflow', async () => {
      const bad = await context().api.post('/v1/workflows/dry-deploy/dry-run', { version: 0 });
      expect([bad.status, bad.data.ok]).toEqual([422, false]);
      const missing = await context().api.post('/v1/workflows/nope/dry-run', { inputs: {} });
      expect([missing.status, missing.data.ok]).toEqual([404, false]);
    });
  });
}
