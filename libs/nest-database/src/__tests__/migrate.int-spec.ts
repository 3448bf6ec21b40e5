import { DataSource } from 'typeorm';
import { createTestNamespace, type TestNamespace } from '@flowline/testing-infra';
import { dataSourceOptions, type DatabaseSettings } from '../data-source-options';
import { migrateDatabase } from '../migrate';
import { CreateGreetings1700000000000, Greeting } from './greeting.fixture';

describe('migrations against the real PostgreSQL', () => {
  let ns: TestNamespace;
  let settings: DatabaseSettings;
  let dataSource: DataSource | undefined;

  beforeAll(async () => {
    ns = await createTestNamespace('migrate');
    // A schema the migration must create itself, inside the test's own namespace schema's name.
    settings = {
      url: ns.databaseUrl,
      schema: `${ns.schema}_svc`,
      entities: [Greeting],
      migrations: [CreateGreetings1700000000000],
    };
  });

  afterAll(async () => {
    await dataSource?.destroy();
    const cleanup = new DataSource(dataSourceOptions(settings));
    await cleanup.initialize();
    await cleanup.query(`drop schema if exists "${settings.schema}" cascade`);
    await cleanup.destroy();
    await ns?.dispose();
  });

  it('creates the schema, runs the migration, and reads back its row through an entity', async () => {
    const applied = await migrateDatabase(settings);
    expect(applied.map((m) => m.name)).toEqual(['CreateGreetings1700000000000']);

    dataSource = await new DataSource(dataSourceOptions(settings)).initialize();
    const greetings = dataSource.getRepository(Greeting);
    expect(await greetings.find({ where: { orgId: 'org_seed' } })).toEqual([
      expect.objectContaining({ orgId: 'org_seed', text: 'hello from a migration' }),
    ]);
    await greetings.insert({ orgId: 'org_a', text: 'written by a test' });
    expect(await greetings.countBy({ orgId: 'org_a' })).toBe(1);
  });

  it('runs nothing the second time', async () => {
    expect(await migrateDatabase(settings)).toEqual([]);
  });
});
