import { migrateDatabase } from '@flowline/nest-database';
import { loadConfig } from '@flowline/nest-service';
import { entities } from './entities';
import { ExecutorGithubConfig, SERVICE_NAME } from './executor-github.config';
import { migrations } from './migrations';

/** Applies this service's pending migrations (the Helm chart runs it as a Job before the Deployment). */
async function main(): Promise<void> {
  const config = loadConfig(ExecutorGithubConfig);
  const applied = await migrateDatabase({
    url: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    entities,
    migrations,
  });
  console.log(`${SERVICE_NAME}: ${applied.length} migration(s) applied`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
