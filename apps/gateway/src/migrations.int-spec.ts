import { describeServiceMigrations } from '@flowline/testing';
import { entities } from './entities';
import { migrations } from './migrations';

describeServiceMigrations({
  service: 'gateway',
  entities,
  migrations,
  rollback: { keep: 0, tables: ['migrations'] },
});
