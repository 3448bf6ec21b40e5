import { type LogLevel } from '@nestjs/common';
import { prefixedTopic, Topics } from '@flowline/contracts';
import { JsonLogger } from '@flowline/nest-observability';
import { type ReceivedMessage, TestKafka, testToken, waitFor } from '@flowline/testing';
import {
  sampleWorkflow,
  startWorkflowsHarness,
  TEST_SECRETS_KEY,
  userToken,
  type WorkflowsHarness,
} from '../__tests__/workflows-harness';
import { SecretBox, secretOwner } from './secret-box';

const ORG = 'org_sec_a';
const FIRST_VALUE = 'ghp_FirstPlaintextValue_7f3a9c';
const SECOND_VALUE = 'ghp_SecondPlaintextValue_b81e44';
const PLAINTEXTS = [FIRST_VALUE, SECOND_VALUE];
const ALL_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Every spelling of the plaintext a careless leak could take. */
function leakForms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  return [value, bytes.toString('base64'), bytes.toString('hex'), bytes.toString('base64url')];
}

function expectNoPlaintext(text: string): void {
  for (const value of PLAINTEXTS) for (const form of leakForms(value)) expect(text).not.toContain(form);
}

describe('org secrets against real PostgreSQL and Kafka', () => {
  let harness: WorkflowsHarness;
  let kafka: TestKafka;
  let definitions: ReceivedMessage[];
  const logLines: string[] = [];
  const processOutput: string[] = [];
  const restore: Array<() => void> = [];
  const admin = () => harness.http(userToken(ORG));
  const executor = () => harness.http(testToken(ORG, { kind: 'service', actorId: 'executor-webhook' }));

  beforeAll(async () => {
    // Everything the process writes while the tests run: the service's own (production) JSON logger,
    // stdout/stderr, and the console (TypeORM and libraries log through it).
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      const spy = jest.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: never[]) => {
        processOutput.push(String(chunk));
        return write(chunk as string, ...rest);
      }) as typeof stream.write);
      restore.push(() => spy.mockRestore());
    }
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      const spy = jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        processOutput.push(
          args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '),
        );
      });
      restore.push(() => spy.mockRestore());
    }
    harness = await startWorkflowsHarness('workflows-secrets', {
      beforeInit: (app) =>
        app.useLogger(new JsonLogger('workflows', (line) => logLines.push(line), new Set(ALL_LEVELS))),
    });
    kafka = new TestKafka(harness.ns.kafkaBrokers);
    definitions = await kafka.collect(prefixedTopic(Topics.definitionChanged, harness.ns.topicPrefix));
  });

  afterAll(async () => {
    await kafka?.close();
    await harness?.close();
    restore.forEach((undo) => undo());
  });

  it('creates (201) and replaces (200) a secret without ever answering with its value', async () => {
    const created = await admin().put('/v1/secrets/DEPLOY_TOKEN', { value: FIRST_VALUE });
    expect(created.status).toBe(201);
    expect(created.data).toEqual({
      ok: true,
      secret: {
        name: 'DEPLOY_TOKEN',
        createdBy: `user@${ORG}`,
        createdAt: expect.any(String),
        updatedBy: `user@${ORG}`,
        updatedAt: expect.any(String),
      },
    });
    const replaced = await admin().put('/v1/secrets/DEPLOY_TOKEN', { value: SECOND_VALUE });
    expect(replaced.status).toBe(200);
    expect(replaced.data.secret.createdAt).toBe(created.data.secret.createdAt);
    expectNoPlaintext(JSON.stringify([created.data, replaced.data, created.headers, replaced.headers]));
  });

  it('stores only AES-256-GCM ciphertext under the configured key', async () => {
    const [row] = await harness.sql<{ ciphertext: Buffer; iv: Buffer; auth_tag: Buffer }>(
      `select ciphertext, iv, auth_tag from secrets where org_id = $1 and name = 'DEPLOY_TOKEN'`,
      [ORG],
    );
    expect(row.iv).toHaveLength(12);
    expect(row.auth_tag).toHaveLength(16);
    expectNoPlaintext(row.ciphertext.toString('latin1'));
    const [asText] = await harness.sql<{ text: string }>(`select s::text as text from secrets s`);
    expectNoPlaintext(asText.text);
    // The stored bytes are the value sealed with SECRETS_ENCRYPTION_KEY, bound to this org and name.
    const box = SecretBox.fromBase64(TEST_SECRETS_KEY);
    const sealed = { ciphertext: row.ciphertext, iv: row.iv, authTag: row.auth_tag };
    expect(box.open(sealed, secretOwner(ORG, 'DEPLOY_TOKEN'))).toBe(SECOND_VALUE);
  });

  it('lists names and timestamps only', async () => {
    await admin().put('/v1/secrets/another-one', { value: FIRST_VALUE });
    const listed = await admin().get('/v1/secrets');
    expect(listed.status).toBe(200);
    expect(listed.data.secrets.map((s: { name: string }) => s.name)).toEqual(['DEPLOY_TOKEN', 'another-one']);
    for (const secret of listed.data.secrets) {
      expect(Object.keys(secret).sort()).toEqual([
        'createdAt',
        'createdBy',
        'name',
        'updatedAt',
        'updatedBy',
      ]);
    }
    expectNoPlaintext(JSON.stringify(listed.data));
  });

  it('resolves a value for an executor service token only, and audits every resolution', async () => {
    const resolved = await executor().get('/internal/v1/secrets/DEPLOY_TOKEN');
    expect(resolved.status).toBe(200);
    expect(resolved.data).toEqual({ ok: true, value: SECOND_VALUE });
    expect(resolved.headers['cache-control']).toBe('no-store');

    const asUser = await admin().get('/internal/v1/secrets/DEPLOY_TOKEN');
    expect(asUser.status).toBe(403);
    expect(asUser.data).toMatchObject({ ok: false, error: 'forbidden' });
    const asOtherService = harness.http(testToken(ORG, { kind: 'service', actorId: 'orchestrator' }));
    expect((await asOtherService.get('/internal/v1/secrets/DEPLOY_TOKEN')).status).toBe(403);
    const asMachine = harness.http(testToken(ORG, { kind: 'machine', actorId: 'executor-webhook' }));
    expect((await asMachine.get('/internal/v1/secrets/DEPLOY_TOKEN')).status).toBe(403);
    expect((await harness.http().get('/internal/v1/secrets/DEPLOY_TOKEN')).status).toBe(401);
    expect((await executor().get('/internal/v1/secrets/NO_SUCH_SECRET')).status).toBe(404);
    expectNoPlaintext(JSON.stringify([asUser.data]));

    const audit = await harness.sql<Record<string, string>>(
      `select secret_name, action, outcome, actor_id, actor_kind from secret_audit_log
       where org_id = $1 and action = 'resolve' order by id`,
      [ORG],
    );
    expect(audit).toEqual([
      {
        secret_name: 'DEPLOY_TOKEN',
        action: 'resolve',
        outcome: 'ok',
        actor_id: 'executor-webhook',
        actor_kind: 'service',
      },
      {
        secret_name: 'NO_SUCH_SECRET',
        action: 'resolve',
        outcome: 'not_found',
        actor_id: 'executor-webhook',
        actor_kind: 'service',
      },
    ]);
    const resolveLog = logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line['event'] === 'secret.resolve' && line['outcome'] === 'ok');
    expect(resolveLog).toMatchObject({ orgId: ORG, secretName: 'DEPLOY_TOKEN', actorId: 'executor-webhook' });
  });

  it('refuses bad names, bad bodies and non-admins without echoing the value', async () => {
    const badName = await admin().put('/v1/secrets/bad.name', { value: FIRST_VALUE });
    expect(badName.status).toBe(422);
    expect(badName.data.details).toEqual([expect.objectContaining({ path: 'name' })]);
    expect((await admin().put(`/v1/secrets/${'a'.repeat(101)}`, { value: FIRST_VALUE })).status).toBe(422);
    const missing = await admin().put('/v1/secrets/EMPTY', {});
    expect(missing.status).toBe(422);
    expect(missing.data.details.map((p: { path: string }) => p.path)).toContain('value');
    const extra = await admin().put('/v1/secrets/EXTRA', { value: FIRST_VALUE, note: SECOND_VALUE });
    expect(extra.status).toBe(422);
    const notJson = await admin().put('/v1/secrets/BROKEN', `{"value": "${FIRST_VALUE}`, {
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
    const member = harness.http(userToken(ORG, ['member']));
    expect((await member.put('/v1/secrets/BY_MEMBER', { value: FIRST_VALUE })).status).toBe(403);
    expect((await member.get('/v1/secrets')).status).toBe(403);
    expectNoPlaintext(JSON.stringify([badName.data, missing.data, extra.data, notJson.data]));
    expect(
      await harness.sql(`select name from secrets where name in ('EXTRA', 'BROKEN', 'BY_MEMBER')`),
    ).toEqual([]);
  });

  it('keeps values out of Kafka: a workflow carries the template, never the value', async () => {
    const workflow = sampleWorkflow('uses-secret');
    expect((await admin().post('/v1/workflows', workflow)).status).toBe(201);
    const message = await waitFor(() => definitions.find((m) => m.key === `${ORG}/uses-secret`));
    expect(message.value).toContain('{{ .secrets.DEPLOY_TOKEN }}');
    expectNoPlaintext(message.value ?? '');
  });

  it('deletes a secret for good', async () => {
    const deleted = await admin().delete('/v1/secrets/DEPLOY_TOKEN');
    expect(deleted.status).toBe(200);
    expect(deleted.data).toEqual({ ok: true });
    expect((await executor().get('/internal/v1/secrets/DEPLOY_TOKEN')).status).toBe(404);
    expect((await admin().delete('/v1/secrets/DEPLOY_TOKEN')).status).toBe(404);
    expect(await harness.sql(`select name from secrets where name = 'DEPLOY_TOKEN'`)).toEqual([]);
  });

  it('never wrote a value to a log line, to the console or to any table', async () => {
    expect(logLines.some((line) => line.includes('"event":"secret.put"'))).toBe(true);
    expectNoPlaintext(logLines.join('\n'));
    expectNoPlaintext(processOutput.join('\n'));
    const tables = await harness.sql<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = $1`,
      [harness.ns.schema],
    );
    for (const { table_name } of tables) {
      const rows = await harness.sql<{ text: string }>(`select t::text as text from "${table_name}" t`);
      expectNoPlaintext(rows.map((row) => row.text).join('\n'));
    }
  });
});
