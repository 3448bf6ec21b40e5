import axios from 'axios';
import { Client } from 'pg';
import { verifyAccessToken } from '@flowline/nest-auth';
import { createTestNamespace, TEST_JWT_SECRET, type TestNamespace } from '@flowline/testing';
import { startTestGateway } from '../__tests__/start-test-gateway';
import { RegisterApiClient, type RegisteredApiClient } from './register-api-client';

describe('POST /v1/auth/access_token', () => {
  let ns: TestNamespace;
  let running: Awaited<ReturnType<typeof startTestGateway>>;
  let admin: RegisteredApiClient;
  let member: RegisteredApiClient;
  const tokenUrl = () => `${running.baseUrl}/v1/auth/access_token`;
  const requestToken = (body: unknown) => axios.post(tokenUrl(), body, { validateStatus: () => true });

  beforeAll(async () => {
    ns = await createTestNamespace('gateway-tokens');
    running = await startTestGateway(ns, { ACCESS_TOKEN_TTL_SECONDS: '900' });
    const register = running.app.get(RegisterApiClient);
    admin = await register.execute('org_tokens_a', ['admin']);
    member = await register.execute('org_tokens_b', ['member']);
  });

  afterAll(async () => {
    await running?.close();
    await ns?.dispose();
  });

  it("answers good credentials with Port's token shape, a token every service accepts", async () => {
    const before = Math.floor(Date.now() / 1000);
    const answer = await requestToken({ clientId: admin.clientId, clientSecret: admin.clientSecret });
    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({
      ok: true,
      accessToken: expect.any(String),
      expiresIn: 900,
      tokenType: 'Bearer',
    });
    expect(verifyAccessToken(answer.data.accessToken, TEST_JWT_SECRET)).toEqual({
      orgId: 'org_tokens_a',
      actorId: admin.clientId,
      kind: 'machine',
      roles: ['admin'],
    });
    const claims = JSON.parse(Buffer.from(answer.data.accessToken.split('.')[1], 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(900);
    expect(claims.iat).toBeGreaterThanOrEqual(before);
  });

  it("names each client's own org and roles", async () => {
    const answer = await requestToken({ clientId: member.clientId, clientSecret: member.clientSecret });
    expect(verifyAccessToken(answer.data.accessToken, TEST_JWT_SECRET)).toEqual(
      expect.objectContaining({ orgId: 'org_tokens_b', roles: ['member'] }),
    );
  });

  it('refuses a wrong secret and an unknown client id alike, without saying which was wrong', async () => {
    const wrongSecret = await requestToken({ clientId: admin.clientId, clientSecret: member.clientSecret });
    const unknownId = await requestToken({ clientId: 'no-such-client', clientSecret: admin.clientSecret });
    const expected = { ok: false, error: 'unauthorized', message: 'invalid client credentials' };
    expect([wrongSecret.status, wrongSecret.data]).toEqual([401, expected]);
    expect([unknownId.status, unknownId.data]).toEqual([401, expected]);
  });

  it('answers a malformed body with 422 naming the bad fields', async () => {
    const answer = await requestToken({ clientId: admin.clientId });
    expect(answer.status).toBe(422);
    expect(answer.data).toEqual(
      expect.objectContaining({
        ok: false,
        error: 'invalid_request',
        details: expect.arrayContaining([expect.objectContaining({ path: 'clientSecret' })]),
      }),
    );
  });

  it('stores only a salted scrypt hash of each secret', async () => {
    const pg = new Client({ connectionString: ns.databaseUrl });
    await pg.connect();
    try {
      const { rows } = await pg.query(
        `select client_id, org_id, secret_hash, roles, created_at from "${ns.schema}".api_clients order by org_id`,
      );
      expect(rows).toEqual([
        expect.objectContaining({ client_id: admin.clientId, org_id: 'org_tokens_a', roles: ['admin'] }),
        expect.objectContaining({ client_id: member.clientId, org_id: 'org_tokens_b', roles: ['member'] }),
      ]);
      for (const row of rows) {
        expect(row.secret_hash).toMatch(/^scrypt\$/);
        expect(row.secret_hash).not.toContain(admin.clientSecret);
        expect(row.secret_hash).not.toContain(member.clientSecret);
        expect(row.created_at).toBeInstanceOf(Date);
      }
    } finally {
      await pg.end();
    }
  });
});
