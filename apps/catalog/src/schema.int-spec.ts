import { DataSource } from 'typeorm';
import { dataSourceOptions, migrateDatabase, pendingSchemaChanges } from '@flowline/nest-database';
import { createTestNamespace, type TestNamespace } from '@flowline/testing';
import { databaseEntities } from './database-entities';
import { migrations } from './migrations';

describe('catalog migrations', () => {
  let ns: TestNamespace;
  let dataSource: DataSource | undefined;

  beforeAll(async () => {
    ns = await createTestNamespace('catalog-schema');
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await ns?.dispose();
  });

  it('create exactly the tables the TypeORM entities describe', async () => {
    const settings = { url: ns.databaseUrl, schema: ns.schema, entities: databaseEntities, migrations };
    expect((await migrateDatabase(settings)).length).toBe(migrations.length);
    dataSource = await new DataSource(dataSourceOptions(settings)).initialize();
    expect(await pendingSchemaChanges(dataSource)).toEqual([]);
  });

  it('apply nothing the second time', async () => {
    const settings = { url: ns.databaseUrl, schema: ns.schema, entities: databaseEntities, migrations };
    expect(await migrateDatabase(settings)).toEqual([]);
  });
});
