import { execFile } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { REPO_ROOT } from '@flowline/system-runner';
import { testInfrastructure } from '@flowline/testing';

const execFileAsync = promisify(execFile);

/** `tools/create-client` reads the keys `npm start` keeps in .flowline/dev.env itself (issue 15, item 9). */
describe('tools/create-client', () => {
  const infrastructure = testInfrastructure();
  const schema = `e2e_create_client_${randomBytes(4).toString('hex')}`;
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowline-state-'));
  const secret = randomBytes(24).toString('hex');

  afterAll(async () => {
    fs.rmSync(stateDir, { recursive: true, force: true });
    const pg = new Client({ connectionString: infrastructure.databaseUrl });
    await pg.connect();
    await pg.query(`drop schema if exists "${schema}" cascade`);
    await pg.end();
  });

  it('signs with the AUTH_JWT_SECRET of <state dir>/dev.env when the environment has none', async () => {
    fs.writeFileSync(path.join(stateDir, 'dev.env'), `# generated\nAUTH_JWT_SECRET=${secret}\n`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      FLOWLINE_STATE_DIR: stateDir,
      DATABASE_SCHEMA: schema,
      DATABASE_URL: infrastructure.databaseUrl,
      KAFKA_BROKERS: infrastructure.kafkaBrokers.join(','),
    };
    delete env['AUTH_JWT_SECRET'];
    const { stdout } = await execFileAsync('tools/create-client', ['--org', 'org_dev_env'], {
      cwd: REPO_ROOT,
      env,
    });
    const created = JSON.parse(stdout) as { orgId: string; accessToken: string };
    expect(created.orgId).toBe('org_dev_env');
    const [header, payload, signature] = created.accessToken.split('.');
    expect(createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url')).toBe(signature);
  });
});
