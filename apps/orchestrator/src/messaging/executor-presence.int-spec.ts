import { nodeDispatchTopic } from '@flowline/contracts';
import { waitFor } from '@flowline/testing';
import { Kafka, logLevel } from 'kafkajs';
import { OrchestratorHarness, webhookChain } from '../__tests__/orchestrator-harness';

const ORG = 'org_executor_presence';

type Json = Record<string, unknown>;

describe('dispatches to a backend no executor consumes', () => {
  let h: OrchestratorHarness;

  beforeAll(async () => {
    h = await OrchestratorHarness.start('orchestrator-presence', { EXECUTOR_PRESENCE_INTERVAL_MS: '300' });
  });

  afterAll(async () => {
    await h?.close();
  });

  const stateOf = async (backend: string) => {
    const response = await h.http().get('/health/executors');
    expect(response.status).toBe(200);
    return (response.data.executors as Record<string, { state: string }>)[backend]?.state;
  };

  it('are reported on the node run and by /health/executors, until an executor joins', async () => {
    await waitFor(async () => (await stateOf('webhook')) === 'absent', {
      description: 'the webhook backend reported absent',
      timeoutMs: 20_000,
    });
    const request = await h.requestRun(ORG, webhookChain('unserved', ['call-api']));
    const run = await h.waitForRun(ORG, request.runId, (view) =>
      (view['nodeRuns'] as Json[]).some((nodeRun) => (nodeRun['node'] as Json)['identifier'] === 'call-api'),
    );
    const call = (run['nodeRuns'] as Json[]).find(
      (nodeRun) => (nodeRun['node'] as Json)['identifier'] === 'call-api',
    ) as Json;
    expect(call['status']).toBe('IN_PROGRESS');
    expect((call['nodeRunLogs'] as Json[]).map((line) => line['logLevel'])).toEqual(['INFO', 'WARN']);
    expect((call['nodeRunLogs'] as Json[])[1]).toMatchObject({
      log: expect.stringContaining('no webhook executor is consuming dispatches right now'),
      tags: { backend: 'webhook', reason: 'NO_EXECUTOR' },
    });

    // An executor (a member of the backend's consumer group) starts: the backend is served again.
    const kafka = new Kafka({ brokers: h.ns.kafkaBrokers, logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `${h.ns.topicPrefix}executor-webhook` });
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: h.topic(nodeDispatchTopic('webhook')) });
      await consumer.run({ eachMessage: async () => undefined });
      await waitFor(async () => (await stateOf('webhook')) === 'consuming', {
        description: 'the webhook backend reported consuming',
        timeoutMs: 30_000,
      });
      expect(await stateOf('github')).toBe('absent');
    } finally {
      await consumer.disconnect();
    }
  });
});
