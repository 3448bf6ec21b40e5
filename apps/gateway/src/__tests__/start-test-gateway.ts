import { migrateDatabase } from '@flowline/nest-database';
import { loadConfig } from '@flowline/nest-service';
import { type RunningTestApp, serviceTestEnv, startTestApp, type TestNamespace } from '@flowline/testing';
import { AppModule } from '../app.module';
import { entities } from '../entities';
import { GatewayConfig } from '../gateway.config';
import { migrations } from '../migrations';
import { installPublicApiRouter } from '../routing/routing.module';

/** The gateway as production wires it (router ahead of Nest), on the test's schema and a free port. */
export async function startTestGateway(
  ns: TestNamespace,
  env: Record<string, string> = {},
): Promise<RunningTestApp & { config: GatewayConfig }> {
  const config = loadConfig(GatewayConfig, serviceTestEnv(ns, env));
  await migrateDatabase({ url: ns.databaseUrl, schema: ns.schema, entities, migrations });
  const running = await startTestApp(AppModule.forRoot(config), { beforeInit: installPublicApiRouter });
  return { ...running, config };
}
