import { describeServiceMigrations } from '@flowline/testing';
import { databaseEntities } from './database-entities';
import { migrations } from './migrations';

describeServiceMigrations({
  service: 'catalog',
  entities: databaseEntities,
  migrations,
  rollback: { keep: 0, tables: ['migrations'] },
});
