import { randomBytes } from 'node:crypto';
import {
  createTestNamespace,
  RecordingSink,
  type RunningTestApp,
  type TestNamespace,
} from '@flowline/testing';
import {
  DispatchProbe,
  startExecutor,
  startWorkflowsService,
  webhookDispatch,
} from '../__tests__/executor-harness';

const ORG = `org_ssrf_${randomBytes(4).toString('hex')}`;

describe('executor-webhook without an allowlist (SSRF policy)', () => {
  let ns: TestNamespace;
  let executor: RunningTestApp;
  let workflows: RunningTestApp;
  let sink: RecordingSink;
  let probe: DispatchProbe;

  beforeAll(async () => {
    ns = await createTestNamespace('executor-webhook-ssrf');
    sink = await RecordingSink.start();
    // Every call is signed with the org's key, which the workflows service hands out.
    workflows = await startWorkflowsService(ns);
    ({ running: executor } = await startExecutor(ns, { WORKFLOWS_URL: workflows.baseUrl }));
    probe = await DispatchProbe.start(ns);
  });

  afterAll(async () => {
    await probe?.close();
    await executor?.close();
    await workflows?.close();
    await sink?.close();
    await ns?.dispose();
  });

  it('refuses a loopback IP literal with a clear, non-retryable failure', async () => {
    const result = await probe.run(webhookDispatch(ORG, { url: `${sink.baseUrl}/ok`, body: { a: 1 } }));
    expect(result).toMatchObject({
      status: 'COMPLETED',
      result: 'FAILED',
      failure: {
        code: 'ADDRESS_REFUSED',
        retryable: false,
        message: `POST ${sink.baseUrl}/ok failed: 127.0.0.1 is a loopback address; webhooks may only call public addresses (see WEBHOOK_ALLOWED_HOSTS)`,
      },
    });
  });

  it('refuses a host name that resolves to a refused address, checked where the connection is made', async () => {
    const result = await probe.run(webhookDispatch(ORG, { url: `http://localhost:${sink.port}/ok` }));
    expect(result).toMatchObject({
      result: 'FAILED',
      failure: { code: 'ADDRESS_REFUSED', retryable: false },
    });
    expect(result.failure?.message).toContain('localhost resolves to 127.0.0.1, a loopback address');
  });

  it('refuses private, link-local and IPv6 loopback targets', async () => {
    for (const url of [
      'http://10.0.0.1/x',
      'http://169.254.10.10/x',
      `http://[::1]:${sink.port}/x`,
      'http://[::ffff:127.0.0.1]/x',
      'http://0.0.0.0/x',
    ]) {
      const result = await probe.run(webhookDispatch(ORG, { url }));
      expect(result.failure).toMatchObject({ code: 'ADDRESS_REFUSED', retryable: false });
    }
  });

  it('never reached the target', () => {
    expect(sink.requests).toHaveLength(0);
  });
});
