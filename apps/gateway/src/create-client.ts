import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { type Role, Roles, signAccessToken } from '@flowline/nest-auth';
import { dataSourceOptions, migrateDatabase } from '@flowline/nest-database';
import { loadConfig } from '@flowline/nest-service';
import { ApiClient } from './api-clients/api-client.entity';
import { ApiClientsRepository } from './api-clients/api-clients.repository';
import { RegisterApiClient } from './api-clients/register-api-client';
import { entities } from './entities';
import { GatewayConfig } from './gateway.config';
import { migrations } from './migrations';

const USAGE = 'usage: create-client --org <org id> [--roles admin,member,portal-backend]';
const ORG_ID = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * Creates a machine client for an org (the org exists once a client names it) in the gateway's schema,
 * after bringing that schema up to date, and prints its credentials and a ready-made access token as
 * JSON. Reads the gateway's environment (DATABASE_URL, DATABASE_SCHEMA, AUTH_JWT_SECRET, ...).
 * `tools/create-client` is the command to run.
 */
async function main(): Promise<void> {
  const { orgId, roles } = parseArguments(process.argv.slice(2));
  const config = loadConfig(GatewayConfig);
  const database = { url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, entities, migrations };
  await migrateDatabase(database);
  const dataSource = await new DataSource(
    dataSourceOptions({ ...database, poolSize: 1, applicationName: 'create-client' }),
  ).initialize();
  try {
    const registration = new RegisterApiClient(new ApiClientsRepository(dataSource.getRepository(ApiClient)));
    const client = await registration.execute(orgId, roles);
    const ttl = config.ACCESS_TOKEN_TTL_SECONDS;
    const accessToken = signAccessToken(
      { orgId, actorId: client.clientId, kind: 'machine', roles },
      config.AUTH_JWT_SECRET,
      ttl,
    );
    console.log(JSON.stringify({ ...client, accessToken, expiresIn: ttl, tokenType: 'Bearer' }, null, 2));
  } finally {
    await dataSource.destroy();
  }
}

function parseArguments(args: string[]): { orgId: string; roles: Role[] } {
  const { values } = parseArgs({
    args,
    options: { org: { type: 'string' }, roles: { type: 'string', default: 'admin' } },
    strict: true,
  });
  const orgId = values.org ?? '';
  if (!ORG_ID.test(orgId)) throw new Error(`--org must be 1-100 letters, digits, _ or -\n${USAGE}`);
  const roles = [...new Set((values.roles ?? '').split(',').map((role) => role.trim()))];
  const unknown = roles.filter((role) => !(Roles as readonly string[]).includes(role));
  if (roles.length === 0 || unknown.length > 0) {
    throw new Error(`--roles takes a comma-separated list of ${Roles.join(', ')}\n${USAGE}`);
  }
  return { orgId, roles: roles as Role[] };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
