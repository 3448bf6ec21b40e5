import { type DataSourceOptions, type MixedList, type EntitySchema } from 'typeorm';

export interface DatabaseSettings {
  url: string;
  /** The PostgreSQL schema this service owns (DESIGN.md §3): nobody else reads its tables. */
  schema: string;
  // TypeORM's own parameter types; classes, schemas or glob paths.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  /** Connection pool size. Default 10. */
  poolSize?: number;
  applicationName?: string;
}

/**
 * TypeORM options for a service's schema: migrations only (`synchronize` is always off), the migrations
 * table inside the service's schema, and UTC timestamps.
 */
export function dataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    schema: settings.schema,
    entities: settings.entities,
    migrations: settings.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: ['error', 'warn', 'migration'],
    poolSize: settings.poolSize ?? 10,
    applicationName: settings.applicationName,
    extra: { options: '-c timezone=UTC' },
  };
}
