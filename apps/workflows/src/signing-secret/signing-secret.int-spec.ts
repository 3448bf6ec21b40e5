import { testToken } from '@flowline/testing';
import { startWorkflowsHarness, userToken, type WorkflowsHarness } from '../__tests__/workflows-harness';

const ORG = 'org_signing_a';

describe('the webhook signing secret against real PostgreSQL', () => {
  let harness: WorkflowsHarness;
  const admin = () => harness.http(userToken(ORG));
  const executor = (service = 'executor-webhook', org = ORG) =>
    harness.http(testToken(org, { kind: 'service', actorId: service }));

  beforeAll(async () => {
    harness = await startWorkflowsHarness('workflows-signing');
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('creates one on first read, the same for the admin and the webhook executor, and stores it sealed', async () => {
    const [first, second] = await Promise.all([
      admin().get('/v1/webhook-signing-secret'),
      executor().get('/internal/v1/webhook-signing-keys'),
    ]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    const secret = first.data.signingSecret.secret as string;
    expect(second.data.keys).toEqual([{ version: 1, secret, validUntil: null }]);
    const rows = await harness.sql<{ text: string }>(`select t::text as text from webhook_signing_keys t`);
    expect(rows).toHaveLength(1);
    expect(rows[0].text).not.toContain(secret);
  });

  it('rotates with a grace period, keeping the retired key valid until it ends', async () => {
    const rotated = await admin().post('/v1/webhook-signing-secret/rotate', { gracePeriodSeconds: 600 });
    expect(rotated.status).toBe(201);
    const keys = (await executor().get('/internal/v1/webhook-signing-keys')).data.keys as Array<{
      version: number;
      validUntil: string | null;
    }>;
    expect(keys.map((key) => key.version)).toEqual([2, 1]);
    expect(Date.parse(keys[1].validUntil ?? '')).toBeGreaterThan(Date.now());
    const bad = await admin().post('/v1/webhook-signing-secret/rotate', { gracePeriodSeconds: -1 });
    expect(bad.status).toBe(422);
  });

  it('is per org, for admins, and internal keys only for the webhook executor', async () => {
    const other = await harness.http(userToken('org_signing_b')).get('/v1/webhook-signing-secret');
    const mine = await admin().get('/v1/webhook-signing-secret');
    expect(other.data.signingSecret.secret).not.toBe(mine.data.signingSecret.secret);
    expect((await harness.http(userToken(ORG, ['member'])).get('/v1/webhook-signing-secret')).status).toBe(
      403,
    );
    expect((await executor('executor-kafka').get('/internal/v1/webhook-signing-keys')).status).toBe(403);
    expect((await admin().get('/internal/v1/webhook-signing-keys')).status).toBe(403);
  });
});
