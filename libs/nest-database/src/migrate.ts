import { DataSource, type Migration } from 'typeorm';
import { dataSourceOptions, type DatabaseSettings } from './data-source-options';

/**
 * Brings a service's schema up to date: creates the schema if it is missing (TypeORM keeps its
 * migrations table inside it), then runs the pending migrations, each in its own transaction.
 */
export async function migrateDatabase(settings: DatabaseSettings): Promise<Migration[]> {
  const dataSource = new DataSource(dataSourceOptions(settings));
  await dataSource.initialize();
  try {
    await dataSource.query(`create schema if not exists "${settings.schema.replace(/"/g, '""')}"`);
    return await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}

/**
 * What TypeORM would still change to make the schema match the entities: empty when the migrations and
 * the entities agree. Every service has a test asserting it is empty (STYLE.md §13).
 */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const pending = await dataSource.driver.createSchemaBuilder().log();
  return pending.upQueries.map((query) => query.query);
}
