import { DataSource } from 'typeorm';
import {
  type DatabaseSettings,
  dataSourceOptions,
  migrateDatabase,
  pendingSchemaChanges,
} from '@flowline/nest-database';
import { createTestNamespace, type TestNamespace } from '@flowline/testing-infra';

export interface ServiceMigrations {
  service: string;
  entities: DatabaseSettings['entities'];
  migrations: DatabaseSettings['migrations'] & unknown[];
  /** Undoing every migration but the first `keep` leaves exactly `tables` (sorted). */
  rollback: { keep: number; tables: string[] };
}

/** The migrated schema, for a service's own checks of its constraints. */
export interface MigratedSchema {
  /** The schema's quoted name, e.g. `"t_abc"`. */
  readonly quoted: string;
  query<T = unknown>(sql: string, params?: unknown[]): Promise<T>;
}

/**
 * The migration tests every service with tables has (STYLE.md §13 in the project's words: a CI step fails
 * when the entities and the migrations disagree): the migrations create exactly what the entities map,
 * apply nothing the second time, and roll back cleanly; `more` adds the service's own constraint checks.
 */
export function describeServiceMigrations(
  spec: ServiceMigrations,
  more?: (schema: MigratedSchema) => void,
): void {
  describe(`${spec.service} migrations`, () => {
    let ns: TestNamespace;
    let dataSource: DataSource;
    const settings = () => ({
      url: ns.databaseUrl,
      schema: ns.schema,
      entities: spec.entities,
      migrations: spec.migrations,
    });

    beforeAll(async () => {
      ns = await createTestNamespace(`${spec.service}-migrations`);
      await migrateDatabase(settings());
      // Quiet: constraint checks make statements fail on purpose.
      dataSource = await new DataSource({ ...dataSourceOptions(settings()), logging: false }).initialize();
    });

    afterAll(async () => {
      await dataSource?.destroy();
      await ns?.dispose();
    });

    // The outbox belongs to @flowline/nest-database (its jsonb default reads back differently).
    const ownSchemaChanges = async () =>
      (await pendingSchemaChanges(dataSource)).filter((query) => !query.includes(`"${ns.schema}"."outbox"`));

    it('create exactly what the entities map (nothing left for TypeORM to change)', async () => {
      // The outbox belongs to @flowline/nest-database (its jsonb default reads back differently).
      expect(await ownSchemaChanges()).toEqual([]);
    });

    it('apply nothing the second time', async () => {
      expect(await migrateDatabase(settings())).toEqual([]);
    });

    more?.({
      get quoted() {
        return `"${ns.schema}"`;
      },
      query: <T>(sql: string, params?: unknown[]) => dataSource.query(sql, params) as Promise<T>,
    });

    it('roll back cleanly, and forward again', async () => {
      for (let i = 0; i < spec.migrations.length - spec.rollback.keep; i += 1)
        await dataSource.undoLastMigration({ transaction: 'each' });
      const tables: Array<{ table_name: string }> = await dataSource.query(
        `select table_name from information_schema.tables where table_schema = $1 order by table_name`,
        [ns.schema],
      );
      expect(tables.map((table) => table.table_name)).toEqual(spec.rollback.tables);
      await dataSource.runMigrations({ transaction: 'each' });
      expect(await ownSchemaChanges()).toEqual([]);
    });
  });
}
