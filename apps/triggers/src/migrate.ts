import { migrateDatabase } from '@flowline/nest-database';
import { loadConfig } from '@flowline/nest-service';
import { entities } from './entities';
import { migrations } from './migrations';
import { TriggersConfig } from './triggers.config';

/** Applies this service's pending migrations (the Helm chart runs it as a Job before the Deployment). */
async function main(): Promise<void> {
  const config = loadConfig(TriggersConfig);
  const applied = await migrateDatabase({
    url: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    entities,
    migrations,
  });
  console.log(`triggers: ${applied.length} migration(s) applied`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
